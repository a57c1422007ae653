import { it } from "vitest";
import { startSandbox } from "./sandbox/server.js";
import { connectInMemory } from "./helpers/mcp.js";
it("probe", async () => {
  const sb = await startSandbox();
  const s = await connectInMemory(sb.env({ ...sb.credentials("us"), CUSTOMERIO_TIMEOUT_MS: "1000" }));
  const calls: Array<[string, Record<string, unknown>]> = [
    ["lookup_customer", { id: "\uD800" }], ["lookup_customer", { id: "ab\uDC00" }], ["lookup_customer", { cio_id: "\uD800" }],
    ["lookup_customer", { email: "a\uD800@b.com" }], ["lookup_customer", { id: "healthy-1", event_name: "x\uD800" }],
    ["run_diagnostics", { id: "\uD800" }], ["run_diagnostics", { email: "a\uD800@b.com" }],
  ];
  for (const [name, args] of calls) {
    sb.reset();
    const r = await s.client.callTool({ name, arguments: args });
    const sc = r.structuredContent as any;
    console.log(name, JSON.stringify(args), r.isError, JSON.stringify(r.content).slice(0, 200), sc ? JSON.stringify(sc.checks?.map((c: any) => [c.tool, c.ok, c.summary.slice(0,150)]) ?? sc.summary?.slice(0,150)) : "");
    console.log(s.logger.lines.filter(l => l.level === "error").map(l => l.message).join("\n"));
    s.logger.lines.length = 0;
  }
  await s.close(); await sb.close();
});
