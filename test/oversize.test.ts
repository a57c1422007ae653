/**
 * A JSON-RPC line longer than the 10 MiB stdio limit, sent to the built
 * server: it is answered with a JSON-RPC error (with the request's id when
 * the line shows it), logged on stderr, and the server keeps serving (the
 * SDK's own stdio transport closes and the process exits 0 silently).
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { idOfLongLine, LineTransport } from "../src/stdio.js";
import { PassThrough } from "node:stream";

const BUNDLE = resolve(__dirname, "../dist/customerio-doctor.js");
const MiB = 1024 * 1024;

function spawnServer() {
  const child = spawn(process.execPath, [BUNDLE], { env: { CUSTOMERIO_DOCTOR_CODE_CACHE: "off" }, stdio: "pipe" });
  const messages: Array<Record<string, unknown>> = [];
  let stderr = "";
  let buffer = "";
  const waiters: Array<{ match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      messages.push(msg);
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.match(msg)) waiters.splice(i, 1)[0]!.resolve(msg);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const wait = (match: (m: Record<string, unknown>) => boolean, what: string) =>
    new Promise<Record<string, unknown>>((res, rej) => {
      const found = messages.find(match);
      if (found) return res(found);
      const timer = setTimeout(() => rej(new Error(`no ${what}; stderr: ${stderr.slice(0, 500)}`)), 20_000);
      waiters.push({ match, resolve: (m) => (clearTimeout(timer), res(m)) });
    });
  const write = (text: string) => new Promise<void>((r) => (child.stdin.write(text) ? r() : child.stdin.once("drain", () => r())));
  return { child, messages, stderr: () => stderr, exited, wait, write };
}

describe("a JSON-RPC line over 10 MiB", () => {
  it("is answered with an error for its id, logged, and the server still answers ping", async () => {
    const s = spawnServer();
    await s.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "oversize", version: "1" } } })}\n`);
    await s.wait((m) => m.id === 1, "initialize answer");
    await s.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);

    // The SDK's clients write the id last: {"jsonrpc","method","params","id"}.
    const big = JSON.stringify({ jsonrpc: "2.0", method: "tools/call", params: { name: "check_payload", arguments: { call: "identify", payload: { pad: "a".repeat(11 * MiB) } } }, id: 7 });
    await s.write(`${big}\n`);
    await s.write(`${JSON.stringify({ jsonrpc: "2.0", id: 8, method: "ping" })}\n`);
    const error = await s.wait((m) => m.id === 7, "answer to the oversized request");
    expect((error.error as { code: number }).code).toBe(-32600);
    expect((error.error as { message: string }).message).toMatch(/too large/i);
    const ping = await s.wait((m) => m.id === 8, "ping answer");
    expect(ping.result).toEqual({});

    // Without a visible id (id first, but inside a huge line with a different key order), still an error and still serving.
    await s.write(`{"pad":"${"b".repeat(11 * MiB)}","jsonrpc":"2.0","id":9,"method":"ping","params":{"x":1}}\n`);
    await s.write("this is not json\n");
    await s.write(`${JSON.stringify({ jsonrpc: "2.0", id: 10, method: "ping" })}\n`);
    expect((await s.wait((m) => m.id === 10, "second ping answer")).result).toEqual({});
    const idless = s.messages.filter((m) => m.error && m.id === undefined);
    expect(idless.length).toBe(1);
    expect(s.stderr()).toMatch(/skipped a JSON-RPC message of \d+ bytes/);

    s.child.stdin.end();
    expect(await s.exited).toBe(0);
  }, 60_000);
});

describe("LineTransport (unit)", () => {
  it("splits lines across chunks, skips long ones and keeps reading", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const sizes: number[] = [];
    const t = new LineTransport(input, output, { maxLineBytes: 64, onOversize: (b) => sizes.push(b) });
    const got: unknown[] = [];
    t.onmessage = (m) => void got.push(m);
    await t.start();
    input.write('{"jsonrpc":"2.0","id":1,');
    input.write('"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\r\n');
    const long = `{"jsonrpc":"2.0","id":3,"method":"x","params":{"p":"${"z".repeat(400)}"}}`;
    input.write(long.slice(0, 250));
    input.write(`${long.slice(250)}\n{"jsonrpc":"2.0","id":4,"method":"ping"}\n`);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
      { jsonrpc: "2.0", id: 4, method: "ping" },
    ]);
    expect(sizes).toEqual([long.length]);
    const answer = JSON.parse(String(output.read()).split("\n")[0]!);
    expect(answer).toMatchObject({ jsonrpc: "2.0", id: 3, error: { code: -32600 } });
    await t.close();
  });

  it("answers a request it cannot read when it shows an id, and ignores other garbage", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const t = new LineTransport(input, output);
    const got: unknown[] = [];
    t.onmessage = (m) => void got.push(m);
    await t.start();
    input.write('{"id":5,"method":"tools/call"}\n{"jsonrpc":"2.0","id":6,"method":42}\nnot json\n[1,2]\n{"jsonrpc":"2.0","id":{"x":1},"method":"a"}\n\n{"jsonrpc":"2.0","id":7,"method":"ping"}\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([{ jsonrpc: "2.0", id: 7, method: "ping" }]);
    const answers = String(output.read()).trim().split("\n").map((l) => JSON.parse(l) as { id: unknown; error: { code: number } });
    expect(answers.map((a) => [a.id, a.error.code])).toEqual([
      [5, -32600],
      [6, -32600],
    ]);
    await t.close();
  });

  it("reads the id of a long line only from its first or last bytes", () => {
    expect(idOfLongLine('{"jsonrpc":"2.0","id":42,"method":"x"', "")).toBe(42);
    expect(idOfLongLine('{"id":"abc","jsonrpc"', "")).toBe("abc");
    expect(idOfLongLine('{"method":"tools/call"', 'zzz"}},"id":17}')).toBe(17);
    expect(idOfLongLine('{"method":"tools/call"', 'zzz","params":{"id":17}}')).toBeUndefined();
    expect(idOfLongLine('{"pad":"x"', '"x":1}}')).toBeUndefined();
    expect(idOfLongLine("", `,"id":${"9".repeat(40)}}`)).toBeUndefined();
    expect(idOfLongLine("{".repeat(512), '"'.repeat(256))).toBeUndefined();
  });
});
