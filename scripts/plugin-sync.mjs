// Refreshes what the Claude Code plugin ships from a build of the sources:
//   dist/customerio-doctor.js  ->  plugin/server/customerio-doctor.js
//   dist/package.json          ->  plugin/server/package.json (the folder's module type)
// and stamps package.json's version into the plugin and marketplace manifests.
//
// The bundle is committed so that a clone added as a marketplace installs a
// plugin whose server starts without `npm install` (Claude Code copies only
// plugin/ into its cache). test/packaging-plugin.test.ts fails when the
// committed copy differs from a fresh build.
//
// Usage: npm run plugin:sync     (bundles first, without the typecheck npm test runs;
//                                 this script alone copies dist/)
//        node scripts/plugin-sync.mjs --check   (exit 1 when out of sync, nothing written)
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const BUILT = "dist/customerio-doctor.js";
const SHIPPED = "plugin/server/customerio-doctor.js";
// The bin's folder type (CommonJS, see scripts/build.mjs), copied with it.
const BUILT_TYPE = "dist/package.json";
const SHIPPED_TYPE = "plugin/server/package.json";
const PLUGIN = "plugin/.claude-plugin/plugin.json";
const MARKETPLACE = ".claude-plugin/marketplace.json";
const check = process.argv.includes("--check");

if (!existsSync(BUILT)) {
  console.error(`${BUILT} is missing: run \`npm run plugin:sync\` (it builds first).`);
  process.exit(1);
}
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const stale = [];

const built = readFileSync(BUILT);
if (!existsSync(SHIPPED) || !readFileSync(SHIPPED).equals(built)) {
  stale.push(SHIPPED);
  if (!check) {
    mkdirSync("plugin/server", { recursive: true });
    copyFileSync(BUILT, SHIPPED);
    chmodSync(SHIPPED, 0o755);
  }
}

const builtType = readFileSync(BUILT_TYPE);
if (!existsSync(SHIPPED_TYPE) || !readFileSync(SHIPPED_TYPE).equals(builtType)) {
  stale.push(SHIPPED_TYPE);
  if (!check) copyFileSync(BUILT_TYPE, SHIPPED_TYPE);
}

/** Sets `version` where `at` finds the object; rewrites the file only when it changes. */
function stamp(file, at) {
  const text = readFileSync(file, "utf8");
  const json = JSON.parse(text);
  const target = at(json);
  if (target.version === version) return;
  stale.push(`${file} (version ${target.version ?? "unset"}, package.json ${version})`);
  if (check) return;
  target.version = version;
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}
stamp(PLUGIN, (j) => j);
stamp(MARKETPLACE, (j) => j.plugins.find((p) => p.name === "customerio-doctor"));

if (check) {
  if (stale.length > 0) {
    console.error(`out of sync: ${stale.join("; ")}\nrun \`npm run plugin:sync\` and commit plugin/ and .claude-plugin/`);
    process.exit(1);
  }
  console.log("plugin/ is in sync with the build");
} else {
  console.log(stale.length > 0 ? `updated: ${stale.join("; ")}` : "plugin/ was already in sync");
}
