// The demo: starts the local Customer.io sandbox on 127.0.0.1, launches the
// built server over stdio with a real MCP client, and prints every tool's
// answer. No Customer.io account and no network beyond 127.0.0.1 is needed.
import { spawn } from "node:child_process";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { startSandbox, SANDBOX, SANDBOX_CUSTOMERS, TRACE_CASES } = await import(resolve(root, "dist/sandbox.mjs"));

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const rule = "─".repeat(72);

const sandbox = await startSandbox();
const env = {
  PATH: process.env.PATH ?? "",
  ...sandbox.env(),
  CUSTOMERIO_SITE_ID: SANDBOX.us.siteId,
  CUSTOMERIO_TRACK_API_KEY: SANDBOX.us.trackApiKey,
  CUSTOMERIO_APP_API_KEY: SANDBOX.us.appApiKey,
  CUSTOMERIO_TIMEOUT_MS: "3000",
};

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [resolve(root, "dist/customerio-doctor.js")],
  env,
  stderr: "inherit",
});
const client = new Client({ name: "customerio-doctor-demo", version: "1.0.0" });

async function show(title, name, args) {
  process.stdout.write(`\n${rule}\n${bold(title)}\n${bold(`→ ${name} ${JSON.stringify(args)}`)}\n${rule}\n`);
  const started = performance.now();
  const res = await client.callTool({ name, arguments: args });
  const ms = Math.round(performance.now() - started);
  const text = res.content?.find((c) => c.type === "text")?.text ?? "";
  process.stdout.write(`${text}\n${res.isError ? "(isError)" : ""}(${ms} ms)\n`);
}

let failed = false;
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  process.stdout.write(
    `customerio-doctor demo — against a LOCAL SANDBOX that mimics Customer.io's documented APIs.\n` +
      `With real credentials in the environment, the same tools check your real workspace.\n` +
      `The server offers ${tools.length} tools: ${tools.map((t) => t.name).join(", ")}\n`,
  );

  await show("1. The one-call doctor (healthy sandbox workspace)", "run_diagnostics", {});
  await show("2. An HTTP error pasted from a log", "diagnose_status_code", {
    status: 429,
    retry_after: "30",
    url: "https://api.customer.io/v1/send/email",
    body: "",
  });
  await show("3. A Track v1 error body", "diagnose_status_code", {
    status: 400,
    body: JSON.stringify({ meta: { errors: ["value for attribute 'bio' cannot be longer than 1000 bytes"] } }),
    url: "https://track-eu.customer.io/api/v1/customers/42",
    method: "PUT",
  });
  await show("4. A symptom in plain words", "explain_pitfall", { query: "our signup campaign never fires", limit: 2 });
  await show("5. Track credentials, asked for the wrong region", "test_track_auth", { region: "eu" });
  await show("6. App API key", "test_app_auth", {});
  sandbox.state.statusScenario = "incident";
  await show("7. Status page during an incident", "check_status_page", {});
  sandbox.state.statusScenario = "operational";
  const C = SANDBOX_CUSTOMERS;
  const lookups = [
    ["a healthy person, and the event that should start onboarding", { id: C.healthy.id, event_name: "signed_up" }],
    ["a campaign that never triggered: the event arrives under another spelling", { id: C.eventCase.id, event_name: "signed_up" }],
    ["emails that bounced, were marked as spam or failed", { id: C.deliveryFailures.id }],
    ["one email, two profiles", { email: C.duplicates.email }],
  ];
  for (const [what, args] of lookups) await show(`8. Customer lookup: ${what}`, "lookup_customer", args);
  await show("9. A payload before it is sent", "check_payload", {
    call: "identify",
    customer_id: "jane@example.com",
    payload: { created_at: Date.now(), plan: "pro" },
  });
  await show("10. A code review", "audit_code", { path: "test/fixtures/audit" });

  // 11. Why didn't they get it? The delivery chain, from the command line (same handlers as the tools).
  const traces = [
    ["a campaign that never triggered: the app tracks \"SignedUp\", the campaign waits for \"signed_up\"", ["--id", TRACE_CASES.trigger_event_mismatch.person.id, "--event", "signed_up"]],
    ["an email the provider suppresses (the address bounced before)", ["--email", TRACE_CASES.esp_suppressed.person.email, "--campaign", "11"]],
    ["a push campaign for a person with no device", ["--id", TRACE_CASES.no_push_device.person.id, "--campaign", "14"]],
  ];
  for (const [what, args] of traces) {
    process.stdout.write(`\n${rule}\n${bold(`11. Delivery trace: ${what}`)}\n${bold(`$ customerio-doctor trace ${args.join(" ")}`)}\n${rule}\n`);
    // Asynchronously: the sandbox answers from this very process.
    const run = await new Promise((done) => {
      const child = spawn(process.execPath, [resolve(root, "dist/customerio-doctor.js"), "trace", ...args], { env: { ...env, CUSTOMERIO_REGION: "us" } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (status) => done({ out, status }));
    });
    process.stdout.write(`${run.out}(exit ${run.status}: ${run.status === 1 ? "a link is broken" : "nothing broken"})\n`);
  }
} catch (err) {
  failed = true;
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  await client.close().catch(() => {});
  await sandbox.close();
}
process.stdout.write(`\n${rule}\nDone. Run \`npm test\` for the full test suite.\n`);
process.exit(failed ? 1 : 0);
