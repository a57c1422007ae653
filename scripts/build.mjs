// Builds the single file that ships: dist/customerio-doctor.js.
//
// Start-up time is mostly V8 parsing and compiling code, so the file is laid
// out for V8 to do as little of that as possible:
//
//   #!/usr/bin/env node
//   <launcher: a few lines of CommonJS>
//   //@@customerio-doctor program@@
//   //<the program: src/index.ts and everything it imports, one bundle>
//   //@@customerio-doctor chunk http@@
//   //<a package only some tool calls need>
//   ...
//
// Everything after the launcher is in line comments, which V8 skims instead
// of parsing. The launcher reads the program back from the file and compiles
// it with V8's code cache: the code compiled by an earlier run is reused from
// a private per-user directory under the OS temp dir
// (CUSTOMERIO_DOCTOR_CODE_CACHE=off disables it, or names another directory;
// without a usable cache the program is compiled as usual). A chunk (the HTTP
// stack, the code parser, the JSON Schema validator) is read and compiled the
// first time a tool needs it; with CUSTOMERIO_DOCTOR_TRACE_LOADS=1 the program
// writes "customerio-doctor trace: loaded: <chunk>" to stderr when it does.
// The program also carries its own tools/list answer, computed here by asking
// a first build of it (see askToolList).
//
// The launcher is CommonJS, which Node starts 3-5 ms sooner than an ES
// module (the ES module loader's set-up is skipped): dist/package.json says
// `"type": "commonjs"` for the folder, whatever the project's own type.
import { parse } from "@babel/parser";
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const OUT = "dist/customerio-doctor.js";
/** Makes the bin's folder CommonJS (see above); shipped next to the bin everywhere it goes. */
const FOLDER_TYPE = "dist/package.json";
const FOLDER_TYPE_TEXT = `${JSON.stringify({ description: "customerio-doctor's bin is CommonJS, which starts sooner.", type: "commonjs" }, null, 2)}\n`;
/** Starts each section's line; must not appear in any section. */
const MARK = "//@@customerio-doctor ";

/** Packages compiled on first use, by the chunk that holds them. */
const CHUNKS = {
  // The HTTP stack: only network checks load it (src/cio/http.ts).
  http: 'module.exports = require("undici");',
  // The code parser: only audit_code loads it (src/audit/rules.ts).
  "audit-parser": 'module.exports = require("@babel/parser");',
  // The SDK's JSON Schema validator (Ajv), used only to check elicitation
  // answers; src/server.ts builds it on first use, so it is never needed here.
  "json-schema-validator": 'module.exports = { Ajv: require("ajv").default, addFormats: require("ajv-formats").default };',
};

/** Which chunk answers an import, and how. */
const CHUNK_IMPORTS = [
  // Imported only from lazily evaluated modules: compiled when they evaluate.
  { filter: /^undici$/, chunk: "http", shape: "module" },
  { filter: /^@babel\/parser$/, chunk: "audit-parser", shape: "module" },
  // Imported by the SDK's validator module at start-up: compiled on `new Ajv()`.
  { filter: /^ajv$/, importer: /validation[\\/]ajv-provider\.js$/, chunk: "json-schema-validator", shape: "Ajv" },
  { filter: /^ajv-formats$/, importer: /validation[\\/]ajv-provider\.js$/, chunk: "json-schema-validator", shape: "addFormats" },
];

/** Reads one section back: its lines, each without the leading "//". */
const READ_SECTION = `function readSection(file, name) {
  const text = readFileSync(file, "latin1");
  const head = "\\n" + ${JSON.stringify(MARK)} + name + "@@\\n";
  const start = text.indexOf(head) + head.length;
  const end = text.indexOf("\\n" + ${JSON.stringify(MARK)}, start);
  return text.slice(start + 2, end < 0 ? -1 : end).replaceAll("\\n//", "\\n");
}`;

/** The program's side: compiles a chunk once; `require` is the program's (Node built-ins only). */
const CHUNK_RUNTIME = `
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
const compiled = new Map();
${READ_SECTION}
export function compileChunk(name) {
  let exports = compiled.get(name);
  if (exports) return exports;
  if (process.env.CUSTOMERIO_DOCTOR_TRACE_LOADS === "1") process.stderr.write("customerio-doctor trace: loaded: " + name + "\\n");
  const source = readSection(__filename, "chunk " + name);
  const module = { exports: {} };
  const wrapper = runInThisContext("(function (exports, require, module) {'use strict';" + source + "\\n})", {
    filename: __filename + "#" + name,
  });
  wrapper.call(module.exports, module.exports, require, module);
  exports = module.exports;
  compiled.set(name, exports);
  return exports;
}
`;

/**
 * Runs the program: compiles it with the code V8 cached from an earlier run
 * when there is a usable one, and otherwise leaves a cache for the next run.
 * Only a directory owned by this user and writable by no one else is used,
 * since compiled code is run from it; any failure just means no cache.
 *
 * V8's flags are left as node sets them (no run-time flag changes), so the
 * cache always matches the flags it is used with.
 */
const launcher = (programHash, programAt = [0, 0]) => `#!/usr/bin/env node
// customerio-doctor: MCP server and CLI for Customer.io troubleshooting.
// The program is in the comment lines below the launcher (see scripts/build.mjs in the repository).
"use strict";
const { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { tmpdir } = require("node:os");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

const PROGRAM_HASH = "${programHash}";
// Where the program's comment lines are in this file, in bytes (the file is ASCII): only they are read.
const PROGRAM_AT = [${programAt.map((n) => String(n).padStart(10, " ")).join(", ")}];
const KEPT_CACHES = 4;
const file = __filename;
const serving = process.argv.length <= 2;

const cacheFile = codeCacheFile();
let cachedData;
try {
  if (cacheFile) cachedData = readFileSync(cacheFile);
} catch {
  /* first run, or the cache is gone: compile from the text */
}
const script = new Script(readProgram(file), { filename: file, cachedData });
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // Once the first requests' code is compiled too: a second in, or at exit if sooner.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    saveCodeCache(script, cacheFile);
  };
  setTimeout(save, 1000).unref();
  process.once("exit", save);
}
// V8 has read the cache: its buffer (about 1 MB) is not kept for the life of the process.
cachedData = undefined;
const program = { exports: {} };
script.runInThisContext()(program.exports, createRequire(file), program, file, dirname(file));

${READ_SECTION}

/** The program's lines without their leading "//": the bytes PROGRAM_AT gives, and no more of the file. */
function readProgram(file) {
  const [start, end] = PROGRAM_AT;
  const bytes = Buffer.allocUnsafe(end - start);
  const fd = openSync(file, "r");
  try {
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    if (got !== bytes.length) return readSection(file, "program");
  } finally {
    closeSync(fd);
  }
  const text = bytes.latin1Slice(0, bytes.length);
  // A file that is not the one built (edited, re-encoded): read it the long way.
  if (!text.startsWith("//")) return readSection(file, "program");
  return text.slice(2).replaceAll("\\n//", "\\n");
}

function codeCacheFile() {
  const setting = process.env.CUSTOMERIO_DOCTOR_CODE_CACHE;
  if (setting === "off" || setting === "0") return undefined;
  try {
    const uid = process.getuid?.();
    const dir = setting || join(tmpdir(), "customerio-doctor-code-cache" + (uid === undefined ? "" : "-" + uid));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0))) return undefined;
    // The server and the CLI run different code, so each keeps its own.
    const mode = serving ? "server" : "cli";
    return join(dir, PROGRAM_HASH + "-" + mode + "-" + process.version + "-" + process.arch + ".bin");
  } catch {
    return undefined;
  }
}

function saveCodeCache(script, cacheFile) {
  try {
    const partial = cacheFile + "." + process.pid + ".tmp";
    writeFileSync(partial, script.createCachedData(), { mode: 0o600, flag: "wx" });
    renameSync(partial, cacheFile);
    // Other versions' caches: the most recent few stay.
    const dir = dirname(cacheFile);
    const old = readdirSync(dir)
      .filter((name) => name.endsWith(".bin"))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { path } of old.slice(KEPT_CACHES)) unlinkSync(path);
  } catch {
    /* read-only or full disk: the next run compiles again */
  }
}
`;

/**
 * esbuild escapes non-ASCII characters in strings but leaves them in regular
 * expression literals; escaping those (\uXXXX matches the same character)
 * keeps the file ASCII, so V8 holds its text as one byte per character.
 */
const asciiRegexPlugin = {
  name: "ascii-regex",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const code = readFileSync(args.path, "utf8");
      if (!/[^\x00-\x7f]/.test(code)) return undefined;
      const { tokens } = parse(code, { sourceType: "module", plugins: ["typescript"], tokens: true });
      let out = "";
      let at = 0;
      for (const t of tokens) {
        if (t.type?.label !== "regexp") continue;
        const literal = code.slice(t.start, t.end).replace(/(\\*)([^\x00-\x7f])/g, (m, slashes, ch) => {
          // After an odd number of backslashes the character is escaped itself: left alone.
          if (slashes.length % 2 === 1) return m;
          return slashes + "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
        });
        out += code.slice(at, t.start) + literal;
        at = t.end;
      }
      return { contents: out + code.slice(at), loader: "ts" };
    });
  },
};

/** The module that stands in for an import served by a chunk. */
function standIn(chunk, shape) {
  const load = `compileChunk(${JSON.stringify(chunk)})`;
  if (shape === "module") return `const { compileChunk } = require("chunk:runtime");\nmodule.exports = ${load};`;
  // A constructor or function whose first call compiles the chunk.
  const body =
    shape === "Ajv"
      ? "export default function Ajv(options) { return new (load().Ajv)(options); }"
      : "export default function addFormats(ajv, options) { return load().addFormats(ajv, options); }";
  return `import { compileChunk } from "chunk:runtime";\nconst load = () => ${load};\n${body}\n`;
}

const chunkPlugin = {
  name: "chunks",
  setup(b) {
    b.onResolve({ filter: /^chunk:runtime$/ }, () => ({ path: "runtime", namespace: "chunk" }));
    for (const d of CHUNK_IMPORTS) {
      b.onResolve({ filter: d.filter }, (args) => {
        if (d.importer && !d.importer.test(args.importer)) return undefined;
        return { path: `${d.chunk}:${d.shape}`, namespace: "chunk" };
      });
    }
    b.onLoad({ filter: /.*/, namespace: "chunk" }, (args) => {
      if (args.path === "runtime") return { contents: CHUNK_RUNTIME, loader: "js" };
      const [chunk, shape] = args.path.split(":");
      return { contents: standIn(chunk, shape), loader: "js" };
    });
  },
};

/**
 * zod re-exports all of its ~40 locales as a namespace (`z.locales`), and a
 * namespace import of zod anywhere keeps every one of them in the bundle:
 * about 260 KB, a quarter of the program V8 has to read at start-up. Only
 * English is ever used (zod sets it as the default itself), so the
 * namespace is served with `en` alone.
 */
const zodLocalesPlugin = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), args.path), namespace: "zod-locales" };
    });
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};\n`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

const common = { bundle: true, platform: "node", target: "node20.19", logLevel: "warning", legalComments: "none" };

async function bundleText(options) {
  const out = await build({ ...common, format: "cjs", minify: true, write: false, ...options });
  return out.outputFiles[0].text;
}

/** The text as comment lines, after checking it can live there and be read back. */
function section(name, text) {
  // A line comment ends at any line terminator, and the launcher reads the file as Latin-1.
  if (/[^\x00-\x7f]|\r/.test(text)) throw new Error(`${name}: not ASCII, or has a carriage return`);
  if (text.startsWith(MARK.slice(2)) || text.includes(`\n${MARK.slice(2)}`)) throw new Error(`${name}: a line starts with the section mark`);
  return `${MARK}${name}@@\n${text
    .split("\n")
    .map((line) => `//${line}`)
    .join("\n")}\n`;
}

// The program runs as a function of (exports, require, module, __filename,
// __dirname), in strict mode as the ES modules it is built from.
async function programSection(define) {
  const body = await bundleText({ entryPoints: ["src/index.ts"], plugins: [chunkPlugin, asciiRegexPlugin, zodLocalesPlugin], define });
  return section("program", `(function (exports, require, module, __filename, __dirname) {"use strict";${body}\n})`);
}

const chunkSections = [];
for (const [name, contents] of Object.entries(CHUNKS)) {
  chunkSections.push(section(`chunk ${name}`, await bundleText({ stdin: { contents, resolveDir: process.cwd(), loader: "js" } })));
}

function writeBin(programText) {
  const sections = programText + chunkSections.join("");
  // The cache is keyed by everything compiled from the file.
  const hash = createHash("sha256").update(sections).digest("hex").slice(0, 16);
  mkdirSync("dist", { recursive: true });
  // The program's lines start after its head line; the offsets are padded to a fixed width, so
  // writing them in does not move anything they point at.
  const head = `${MARK}program@@\n`;
  if (!programText.startsWith(head)) throw new Error("the program section must come first");
  const start = Buffer.byteLength(launcher(hash)) + head.length;
  const end = Buffer.byteLength(launcher(hash)) + programText.length - 1; // without the section's last newline
  const text = `${launcher(hash, [start, end])}${sections}`;
  if (Buffer.byteLength(launcher(hash, [start, end])) !== Buffer.byteLength(launcher(hash))) throw new Error("launcher length changed");
  writeFileSync(OUT, text);
  chmodSync(OUT, 0o755);
  writeFileSync(FOLDER_TYPE, FOLDER_TYPE_TEXT);
}

/** What the built server answers to tools/list (the SDK's own conversion of the tools' schemas). */
function askToolList() {
  const child = spawn(process.execPath, [OUT], {
    env: { PATH: process.env.PATH ?? "", CUSTOMERIO_DOCTOR_CODE_CACHE: "off" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill(), 30_000);
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const answer = out.split("\n").slice(0, -1).map((l) => JSON.parse(l)).find((m) => m.id === 2);
      if (!answer) return;
      clearTimeout(timer);
      child.stdin.end();
      if (answer.result?.tools?.length) resolve(JSON.stringify(answer.result));
      else reject(new Error(`the built server did not list its tools: ${JSON.stringify(answer)}`));
    });
    child.on("exit", () => reject(new Error("the built server exited before listing its tools")));
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "build", version: "1" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
  });
}

// Built twice: the second time with the tool list the first one answers, so
// the shipped server sends it without converting every schema on start-up
// (src/server.ts; the list does not depend on the configuration).
writeBin(await programSection());
writeBin(await programSection({ CUSTOMERIO_DOCTOR_TOOL_LIST: JSON.stringify(await askToolList()) }));

// The local Customer.io sandbox, for the demo and bench/trace.mjs (not part of the shipped bin;
// .mjs, as dist/ is a CommonJS folder).
await build({
  ...common,
  entryPoints: ["test/sandbox/index.ts"],
  outfile: "dist/sandbox.mjs",
  format: "esm",
});
