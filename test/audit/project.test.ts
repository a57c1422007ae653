/**
 * The project model: every import form resolves to the helper that makes
 * the Customer.io call, so the caller's awaited call in a route is reported
 * with its via chain. Each case is one way real projects wire their helper.
 */
import { describe, expect, it } from "vitest";
import { auditFiles, SDK } from "./rules/helpers.js";
import type { PathAliases } from "../../src/audit/project.js";

const ROUTE = (imp: string, call: string) =>
  `${imp}\nimport express from "express";\nconst router = express.Router();\nrouter.post("/x", async (req, res) => {\n  await ${call};\n  res.end();\n});\n`;

function blockingVia(files: Record<string, string>, aliases?: PathAliases): string[] {
  return auditFiles(files, { aliases })
    .findings.filter((f) => f.code === "blocking_request_path")
    .map((f) => [`${f.file}:${f.line}`, ...(f.via ?? []).slice(1).map((s) => `${s.file}:${s.line}`)].join(" → "));
}

describe("project model: import resolution", () => {
  const helper = `${SDK}export async function track(id) {\n  await cio.track(id, { name: "x" });\n}\n`;

  it("relative paths with and without extensions, index files, .js written for .ts", () => {
    expect(blockingVia({ "lib/cio.ts": helper, "r.ts": ROUTE('import { track } from "./lib/cio";', "track('1')") })).toEqual(["r.ts:5 → lib/cio.ts:4"]);
    expect(blockingVia({ "lib/cio/index.ts": helper, "r.ts": ROUTE('import { track } from "./lib/cio";', "track('1')") })).toEqual(["r.ts:5 → lib/cio/index.ts:4"]);
    expect(blockingVia({ "lib/cio.ts": helper, "r.ts": ROUTE('import { track } from "./lib/cio.js";', "track('1')") })).toEqual(["r.ts:5 → lib/cio.ts:4"]);
  });

  it("re-exports, export *, namespace imports and renamed imports", () => {
    const files = {
      "a/events.ts": helper,
      "a/index.ts": 'export { track as send } from "./events";\nexport * from "./events";\n',
    };
    expect(blockingVia({ ...files, "r.ts": ROUTE('import { send } from "./a";', "send('1')") })).toEqual(["r.ts:5 → a/events.ts:4"]);
    expect(blockingVia({ ...files, "r.ts": ROUTE('import * as a from "./a";', "a.track('1')") })).toEqual(["r.ts:5 → a/events.ts:4"]);
    expect(blockingVia({ ...files, "r.ts": ROUTE('import { track as t } from "./a/events";', "t('1')") })).toEqual(["r.ts:5 → a/events.ts:4"]);
  });

  it("tsconfig paths and baseUrl", () => {
    const aliases = { baseUrl: "", paths: [{ prefix: "@lib/", suffix: "", targets: ["src/lib/*"] }] };
    expect(blockingVia({ "src/lib/cio.ts": helper, "r.ts": ROUTE('import { track } from "@lib/cio";', "track('1')") }, aliases)).toEqual(["r.ts:5 → src/lib/cio.ts:4"]);
    expect(blockingVia({ "src/lib/cio.ts": helper, "r.ts": ROUTE('import { track } from "src/lib/cio";', "track('1')") }, aliases)).toEqual(["r.ts:5 → src/lib/cio.ts:4"]);
  });

  it("CommonJS: module.exports objects, exports.x, destructured and whole requires", () => {
    const cjs = `const { TrackClient } = require("customerio-node");\nconst cio = new TrackClient(a, b);\nasync function track(id) { await cio.track(id, { name: "x" }); }\nmodule.exports = { track };\n`;
    expect(blockingVia({ "lib.js": cjs, "r.js": ROUTE('const lib = require("./lib");', "lib.track('1')") })).toEqual(["r.js:5 → lib.js:3"]);
    expect(blockingVia({ "lib.js": cjs, "r.js": ROUTE('const { track } = require("./lib");', "track('1')") })).toEqual(["r.js:5 → lib.js:3"]);
    const named = `const { TrackClient } = require("customerio-node");\nconst cio = new TrackClient(a, b);\nexports.track = async (id) => { await cio.track(id, { name: "x" }); };\n`;
    expect(blockingVia({ "lib.js": named, "r.js": ROUTE('const lib = require("./lib");', "lib.track('1')") })).toEqual(["r.js:5 → lib.js:3"]);
  });

  it("default exports, exported objects, class instances, static methods and injected services", () => {
    const cls = `${SDK}class Notifier {\n  private client = cio;\n  async send(id) { await this.client.track(id, { name: "x" }); }\n  static async ping() { await cio.identify("p", {}); }\n}\nexport const notifier = new Notifier();\nexport default notifier;\nexport { Notifier };\n`;
    expect(blockingVia({ "n.ts": cls, "r.ts": ROUTE('import n from "./n";', "n.send('1')") })).toEqual(["r.ts:5 → n.ts:5"]);
    expect(blockingVia({ "n.ts": cls, "r.ts": ROUTE('import { Notifier } from "./n";', "Notifier.ping()") })).toEqual(["r.ts:5 → n.ts:6"]);
    const obj = `${SDK}export const tracking = {\n  async event(id) { await cio.track(id, { name: "x" }); },\n};\n`;
    expect(blockingVia({ "t.ts": obj, "r.ts": ROUTE('import { tracking } from "./t";', "tracking.event('1')") })).toEqual(["r.ts:5 → t.ts:4"]);
    const nest = {
      "svc.ts": `${SDK}@Injectable()\nexport class CioService {\n  async track(id) { await cio.track(id, { name: "x" }); }\n}\n`,
      "ctl.ts": `import { CioService } from "./svc";\n@Controller("u")\nexport class Ctl {\n  constructor(private readonly cio: CioService) {}\n  @Post()\n  async create() {\n    await this.cio.track("1");\n  }\n}\n`,
    };
    expect(blockingVia(nest)).toEqual(["ctl.ts:7 → svc.ts:5"]);
  });

  it("transitive helpers give the whole chain; an unresolvable import gives nothing", () => {
    const files = {
      "a.ts": helper,
      "b.ts": 'import { track } from "./a";\nexport async function signup(id) {\n  await track(id);\n}\n',
      "r.ts": ROUTE('import { signup } from "./b";', "signup('1')"),
    };
    expect(blockingVia(files)).toEqual(["r.ts:5 → b.ts:3 → a.ts:4"]);
    expect(blockingVia({ "r.ts": ROUTE('import { track } from "./missing";', "track('1')") })).toEqual([]);
    // The SDK's internals are not a client.
    expect(auditFiles({ "x.ts": 'import CIORequest from "customerio-node/dist/lib/request";\nconst r = new CIORequest("k");\nexport const f = () => r.put("u", {});\n' }).findings).toEqual([]);
  });
});
