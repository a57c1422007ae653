import { describe, expect, it } from "vitest";
import { Redactor, maskSecret } from "../src/redact.js";
import { createLogger } from "../src/log.js";

const KEY = "sk_live_0123456789abcdefWXYZ";

describe("maskSecret", () => {
  it("shows at most the last four characters", () => {
    expect(maskSecret(KEY)).toBe("…WXYZ");
    expect(maskSecret("short")).toBe("…");
    expect(maskSecret(undefined)).toBeNull();
    expect(maskSecret("")).toBeNull();
  });
});

describe("Redactor", () => {
  it("removes a key and its encodings from text", () => {
    const r = new Redactor([KEY]);
    const b64 = Buffer.from(KEY).toString("base64");
    const out = r.redact(`key=${KEY} enc=${encodeURIComponent(KEY)} b64=${b64}`);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(b64);
    expect(out).toContain("[redacted]");
  });

  it("removes Basic credentials and Authorization headers even for unknown secrets", () => {
    const r = new Redactor();
    r.addBasic("site1", KEY);
    const basic = Buffer.from(`site1:${KEY}`).toString("base64");
    expect(r.redact(`Authorization: Basic ${basic}`)).not.toContain(basic);
    expect(r.redact('{"authorization":"Bearer abcdef123456"}')).not.toContain("abcdef123456");
    expect(r.redact("Bearer zzzzzzzzzzzz in a sentence")).not.toContain("zzzzzzzzzzzz");
    expect(r.redact("https://user:secretpass@host/x")).not.toContain("secretpass");
  });

  it("masks any 8-character run of a key, e.g. a key clipped or split by an excerpt", () => {
    const r = new Redactor([KEY]);
    const clipped = `value "${KEY.slice(0, 19)}…" is too long`;
    expect(r.redact(clipped)).toBe('value "[redacted]…" is too long');
    const split = `name "signed_up_${KEY.slice(0, 10)}" with data {"id": "${KEY.slice(10)}"}`;
    const out = r.redact(split);
    for (let i = 0; i + 8 <= KEY.length; i++) expect(out).not.toContain(KEY.slice(i, i + 8));
    // Shorter runs and unrelated text stay as they are.
    expect(r.redact("sk_live plain words WXYZ")).toBe("sk_live plain words WXYZ");
  });

  it("redacts deep structures and leaves other values alone", () => {
    const r = new Redactor([KEY]);
    const out = r.redactDeep({ a: [KEY, 1, { b: `x${KEY}y` }], n: null, ok: true });
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.a[1]).toBe(1);
    expect(out.ok).toBe(true);
    expect(out.n).toBeNull();
  });
});

describe("logger", () => {
  it("writes redacted lines to stderr only, above the threshold", () => {
    const r = new Redactor([KEY]);
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    const outWrite = process.stdout.write;
    let stdoutTouched = false;
    process.stdout.write = (() => {
      stdoutTouched = true;
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const log = createLogger(r, { CUSTOMERIO_DOCTOR_LOG_LEVEL: "info" });
      const seen: string[] = [];
      log.attach((_l, m) => seen.push(m));
      log.debug("hidden");
      log.info(`using ${KEY}`);
      log.error("boom");
      expect(writes).toHaveLength(2);
      expect(writes.join("")).not.toContain(KEY);
      expect(writes[0]).toMatch(/^customerio-doctor info: using \[redacted\]/);
      expect(seen).toHaveLength(3);
    } finally {
      process.stderr.write = original;
      process.stdout.write = outWrite;
    }
    expect(stdoutTouched).toBe(false);
  });
});
