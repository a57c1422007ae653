import { it } from "vitest";
import { startSandbox } from "./sandbox/server.js";
import { connectInMemory } from "./helpers/mcp.js";
it("probe", async () => {
  const sb = await startSandbox();
  const s = await connectInMemory(sb.env({ ...sb.credentials("us"), CUSTOMERIO_TIMEOUT_MS: "1000" }));
  for (const args of [{ id: ".." }, { id: "." }, { cio_id: ".." }, {email: ".."}]) {
    sb.reset();
    const r = await s.client.callTool({ name: "lookup_customer", arguments: args });
    console.log(JSON.stringify(args), r.isError, JSON.stringify(r.structuredContent ?? r.content).slice(0, 300));
    console.log(sb.requests().map(q => `${q.method} ${q.host} ${q.path}`).join("\n"));
  }
  sb.reset();
  const r = await s.client.callTool({ name: "run_diagnostics", arguments: { id: ".." } });
  console.log(sb.requests().map(q => `${q.method} ${q.host} ${q.path}`).join("\n"));
  await s.close(); await sb.close();
});
