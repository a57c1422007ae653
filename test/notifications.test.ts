/**
 * Notifications sent after the client has gone (progress from a running
 * call, log messages) must never crash the process or leave an unhandled
 * rejection behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./sandbox/server.js";
import { connectInMemory } from "./helpers/mcp.js";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  sandbox = await startSandbox();
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await sandbox?.close();
});

describe("notifications after the client has gone", () => {
  it("progress and log notifications to a closed client are dropped quietly", async () => {
    sandbox.reset();
    for (const host of ["status", "track-us", "app-us"] as const) sandbox.setFault(host, { kind: "delay", ms: 300 });
    const conn = await connectInMemory(sandbox.env({ ...sandbox.credentials("us"), CUSTOMERIO_TIMEOUT_MS: "3000" }));
    await conn.client.setLoggingLevel("debug");
    let progressSeen = 0;
    const pending = conn.client
      .callTool({ name: "run_diagnostics", arguments: {} }, undefined, { onprogress: () => progressSeen++ })
      .catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 60));
    // The client leaves while every check is still waiting for the sandbox.
    await conn.client.close();
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(Error);
    // Let the checks finish: each now reports progress to a closed transport.
    await new Promise((r) => setTimeout(r, 700));
    // A log line after the disconnect goes to a closed transport too.
    conn.logger.error("late error after disconnect");
    conn.logger.warning("late warning after disconnect");
    await new Promise((r) => setTimeout(r, 50));
    expect(progressSeen).toBe(0);
    expect(unhandled).toEqual([]);
    await conn.close();
    sandbox.reset();
  });

  it("a new client on a fresh server still gets answers afterwards", async () => {
    const conn = await connectInMemory(sandbox.env(sandbox.credentials("us")));
    const res = await conn.client.callTool({ name: "check_status_page", arguments: {} });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as { ok: boolean }).ok).toBe(true);
    await conn.close();
  });
});
