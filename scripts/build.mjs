// Builds the single-file bundle that ships: dist/customerio-doctor.js.
// Dynamic imports stay lazy inside the one file (esbuild wraps them), so the
// HTTP stack and the code parser are only evaluated when a tool needs them.
import { build } from "esbuild";
import { chmodSync, mkdirSync } from "node:fs";

mkdirSync("dist", { recursive: true });
await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/customerio-doctor.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  minify: true,
  legalComments: "none",
  sourcemap: false,
  logLevel: "warning",
  // Some bundled CommonJS modules call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cioCreateRequire } from 'node:module'; const require = __cioCreateRequire(import.meta.url);",
  },
});
chmodSync("dist/customerio-doctor.js", 0o755);

// The local Customer.io sandbox, for the demo (not part of the shipped bin).
await build({
  entryPoints: ["test/sandbox/index.ts"],
  outfile: "dist/sandbox.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  logLevel: "warning",
});
