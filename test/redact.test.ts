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

describe("Redactor on the server's own sentences", () => {
  const r = new Redactor([KEY]);
  r.addBasic("site1", KEY);

  it("never rewrites ordinary words after Basic or Bearer", () => {
    const sentences = [
      "Customer.io did not accept the credentials for this API: the Track API wants Basic site_id:track_key, the App API wants Bearer app_key, and each only works against its workspace's region.",
      "TrackClient sends Basic site_id:api_key; APIClient sends Bearer <app key>",
      "Track API keys (Basic auth with the Site ID) and App API keys (Bearer) are different key types.",
      "a Bearer header built from the Track key, or a Basic header from the App key",
      "Use Bearer authentication with CUSTOMERIO_APP_API_KEY, or Basic authorization for Track.",
      "Authorization: Bearer <token>",
      "Authorization: Basic ${CREDENTIALS}",
      "the Authorization header is missing",
      "Pipelines uses Basic auth with the key as user and an empty password.",
    ];
    for (const s of sentences) expect(r.redact(s)).toBe(s);
  });

  it("still masks credentials after Basic, Bearer and Authorization, whatever the case", () => {
    const basic = Buffer.from("someone:pa55word-xyz").toString("base64");
    expect(r.redact(`authorization: basic ${basic}`)).toBe("authorization: basic [redacted]");
    expect(r.redact(`Proxy-Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig`)).toBe("Proxy-Authorization: Bearer [redacted]");
    expect(r.redact(`"Authorization": "tok_98zz76yy"`)).toBe(`"Authorization": "[redacted]"`);
    expect(r.redact("curl -H 'Authorization=Bearer abc123def456'")).toBe("curl -H 'Authorization=Bearer [redacted]'");
    expect(r.redact("BEARER 0123456789abcdef")).toBe("BEARER [redacted]");
    expect(r.redact("Basic dXNlcjpwYXNz")).toBe("Basic [redacted]");
    expect(r.redact("Basic someone:s3cret99")).toBe("Basic [redacted]");
  });

  it("masks every encoding of a configured key: raw, URL-encoded, base64, base64url, the Basic pair, pieces", () => {
    const odd = "k3y+with/slash=and space";
    const o = new Redactor([odd]);
    for (const form of [odd, encodeURIComponent(odd), Buffer.from(odd).toString("base64"), Buffer.from(odd).toString("base64url")]) {
      expect(o.redact(`x ${form} y`)).not.toContain(form);
    }
    const pair = Buffer.from(`site1:${KEY}`).toString("base64");
    expect(r.redact(`header ${pair.slice(3, 20)} excerpt`)).toBe("header [redacted] excerpt");
  });

  it("masks URL userinfo and leaves other URLs alone", () => {
    expect(r.redact("https://user:secretpass@host/x and ssh://git@example.com")).toBe("https://[redacted]@host/x and ssh://[redacted]@example.com");
    const plain = "https://track.customer.io/api/v1/customers/a@b.com?email=x@y.z#frag@x";
    expect(r.redact(plain)).toBe(plain);
  });

  it("gives correct answers on 1 MiB hostile strings for every rule", () => {
    const MiB = 1024 * 1024;
    const hostile = [
      "authorization:".repeat(MiB / 14),
      "Authorization: Bearer ".repeat(MiB / 22),
      "Basic ".repeat(MiB / 6),
      "Bearer a".repeat(MiB / 8),
      "://".repeat(MiB / 3),
      `https://${"a".repeat(MiB)}`,
      `a://${"b:".repeat(MiB / 2)}`,
      "a".repeat(MiB),
      KEY.slice(0, 7).repeat(MiB / 7),
      `${"x".repeat(MiB)}${KEY}`,
    ];
    for (const text of hostile) {
      const out = r.redact(text);
      expect(out).not.toContain(KEY);
      expect(out.length).toBeLessThanOrEqual(text.length + 20);
    }
    expect(r.redact(`${"x".repeat(MiB)}${KEY}`)).toBe(`${"x".repeat(MiB)}[redacted]`);
  });

  it("redactDeep masks object keys, keeps __proto__ as an own key, and returns the same value when nothing changed", () => {
    const value = JSON.parse(`{"__proto__": {"a": 1}, "${KEY}": "v", "nested": [{"k": "${KEY}"}], "same": {"x": [1, "y"]}}`);
    const out = r.redactDeep(value) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(Object.keys(out)).toEqual(["__proto__", "[redacted]", "nested", "same"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.same).toBe(value.same);
    const untouched = { a: ["b", { c: 1 }] };
    expect(r.redactDeep(untouched)).toBe(untouched);
    // Two keys that redact alike both stay.
    const twice = r.redactDeep({ [`a${KEY}`]: 1, [`a${KEY.slice(0, 20)}`]: 2 });
    expect(Object.values(twice).sort()).toEqual([1, 2]);
  });
});

describe("Redactor on base64 text that embeds a key at any offset", () => {
  it("masks the key inside a Basic pair with any user and inside a whole header encoded", () => {
    const r = new Redactor([KEY]);
    for (const prefix of ["u:", "ab:", "abc:", "someone-else:", "Authorization: Bearer "]) {
      const b64 = Buffer.from(`${prefix}${KEY}`).toString("base64");
      const out = r.redact(`token ${b64} end`);
      // The part of the encoding that depends on the key alone is gone.
      const keyOnly = Buffer.from(`${prefix}${KEY}`).toString("base64").slice(Math.ceil((prefix.length + 3) / 3) * 4, -4);
      expect(out, prefix).not.toContain(keyOnly.slice(0, 8));
      expect(out, prefix).toContain("[redacted]");
    }
  });
});
