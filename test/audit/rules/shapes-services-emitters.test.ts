/**
 * Class-based services and event emitters: a singleton service exported
 * from its module and awaited in a route, methods that reach the client
 * through `this.`, and listeners (`emitter.on("user.created", …)`) that run
 * off the request path.
 */
import { describe, expect, it } from "vitest";
import { codes, findingsOf } from "./helpers.js";

const SERVICE = `import { TrackClient } from "customerio-node";\nclass Lifecycle {\n  private client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);\n  async joined(id: string) {\n    await this.record(id, "joined");\n  }\n  private async record(id: string, name: string) {\n    await this.client.track(id, { name, data: { at: Date.now() } });\n  }\n}\nexport const lifecycle = new Lifecycle();\n`;

describe("services and emitters", () => {
  it("invalid: a route awaits a method of an exported singleton that reaches the client through this. (with via)", () => {
    const files = {
      "src/services/lifecycle.ts": SERVICE,
      "src/routes/users.ts": `import { lifecycle } from "../services/lifecycle";\nrouter.post("/users", async (req, res) => {\n  await lifecycle.joined(req.body.id);\n  res.status(201).end();\n});\n`,
    };
    const [f] = findingsOf(files, "blocking_request_path");
    expect(`${f!.file}:${f!.line}`).toBe("src/routes/users.ts:3");
    expect(f!.via?.map((v) => v.file)).toEqual(["src/routes/users.ts", "src/services/lifecycle.ts", "src/services/lifecycle.ts"]);
  });

  it("invalid: a timestamp in milliseconds inside the service method", () => {
    expect(codes({ "src/services/lifecycle.ts": SERVICE }, "millisecond_timestamp")).toEqual(["millisecond_timestamp@src/services/lifecycle.ts:8"]);
  });

  it("valid: a route emits an event and a listener awaits the service; the listener is off the request path", () => {
    const files = {
      "src/services/lifecycle.ts": SERVICE,
      "src/events.ts": `import { EventEmitter } from "node:events";\nimport { lifecycle } from "./services/lifecycle";\nexport const bus = new EventEmitter();\nbus.on("user.created", async (user: { id: string }) => {\n  await lifecycle.joined(user.id);\n});\n`,
      "src/routes/users.ts": `import { bus } from "../events";\nrouter.post("/users", async (req, res) => {\n  bus.emit("user.created", req.body);\n  res.status(201).end();\n});\n`,
    };
    expect(codes(files, "blocking_request_path")).toEqual([]);
  });
});
