// Packs the Claude Desktop extension with the official packer
// (`mcpb pack`, from @anthropic-ai/mcpb), which validates manifest.json
// against the MCPB schema first and refuses an invalid one. `.mcpbignore`
// keeps the archive to the manifest, the single-file server and the README.
//
// Usage: node scripts/pack-mcpb.mjs [output.mcpb]   (run `npm run build` first;
//        `npm run pack:mcpb` does both). Default output:
//        customerio-doctor-<version>.mcpb in the repository root.
//
// The packer stamps every entry with the current time; the stamps are then
// set to one fixed date (2020-01-01 00:00, in the zip headers only; the
// compressed data and its CRCs are untouched), so the same sources give a
// byte-identical file.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const manifest = JSON.parse(readFileSync("manifest.json", "utf8"));
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
if (manifest.version !== pkg.version) {
  console.error(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}; align them first.`);
  process.exit(1);
}
if (manifest.server?.entry_point !== pkg.bin["customerio-doctor"]) {
  console.error(`manifest.json server.entry_point ${manifest.server?.entry_point} is not package.json's bin ${pkg.bin["customerio-doctor"]}.`);
  process.exit(1);
}
if (!existsSync(manifest.server.entry_point)) {
  console.error(`${manifest.server.entry_point} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

const out = resolve(process.argv[2] ?? `${manifest.name}-${manifest.version}.mcpb`);
const require = createRequire(import.meta.url);
// The package exports only its modules; its bin is found from its main module (dist/index.js).
const mcpbRoot = resolve(dirname(require.resolve("@anthropic-ai/mcpb")), "..");
const cli = join(mcpbRoot, JSON.parse(readFileSync(join(mcpbRoot, "package.json"), "utf8")).bin);
const packed = spawnSync(process.execPath, [cli, "pack", ".", out], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
if (packed.status !== 0) {
  process.stdout.write(packed.stdout ?? "");
  console.error("mcpb pack failed (see above); nothing was written.");
  process.exit(packed.status ?? 1);
}

writeFileSync(out, pinTimestamps(readFileSync(out)));
const entries = zipEntries(readFileSync(out));
console.log(`wrote ${out} (${readFileSync(out).length} bytes: ${entries.join(", ")})`);

/** Entry names, from the central directory. */
export function zipEntries(zip) {
  const names = [];
  forEachEntry(zip, (central) => {
    const nameLength = zip.readUInt16LE(central + 28);
    names.push(zip.subarray(central + 46, central + 46 + nameLength).toString("utf8"));
  });
  return names;
}

/** Every entry's DOS time and date set to 2020-01-01 00:00, in the central and the local header. */
function pinTimestamps(zip) {
  const time = 0;
  const date = ((2020 - 1980) << 9) | (1 << 5) | 1;
  forEachEntry(zip, (central) => {
    zip.writeUInt16LE(time, central + 12);
    zip.writeUInt16LE(date, central + 14);
    const local = zip.readUInt32LE(central + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error("not a zip local header");
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
  });
  return zip;
}

function forEachEntry(zip, visit) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("no zip end-of-central-directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("not a zip central header");
    visit(at);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}
