/** explain_pitfall handler: lookup by number, numeric string and slug; ranked search; errors. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../src/config.js";
import { UserInputError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { Redactor } from "../src/redact.js";
import { explainPitfall, MAX_QUERY_CHARS } from "../src/tools/explain-pitfall.js";
import type { ToolContext } from "../src/tools/define.js";
import { PITFALLS } from "../src/knowledge/pitfalls.js";

const redactor = new Redactor();
const ctx: ToolContext = {
  config: loadConfig({}),
  redactor,
  log: createLogger(redactor, {}),
  http: async () => {
    throw new Error("explain_pitfall must not use the network");
  },
  signal: new AbortController().signal,
  progress: () => {},
  roots: async () => [process.cwd()],
  now: () => new Date("2026-01-01T00:00:00Z"),
};

type Args = Parameters<typeof explainPitfall.handler>[0];
const run = (args: Args) => explainPitfall.handler(args, ctx);
const numbers = (r: Awaited<ReturnType<typeof run>>) => r.pitfalls.map((p) => p.number);

const SLUGS = [
  "wrong-api-key-type",
  "millisecond-timestamps",
  "track-before-identify",
  "email-as-user-id",
  "missing-email-attribute",
  "dynamic-event-names",
  "blocking-request-path",
  "no-bounce-handling",
  "new-client-per-request",
  "inconsistent-event-names",
  "no-rate-limiting",
  "pii-in-event-names",
];

describe("catalog", () => {
  it("has the 12 pitfalls in catalog order with the contract's slugs", () => {
    expect(PITFALLS.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(PITFALLS.map((p) => p.id)).toEqual(SLUGS);
    for (const p of PITFALLS) {
      expect(p.wrong.length).toBeGreaterThan(20);
      expect(p.correct.length).toBeGreaterThan(20);
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.keywords.length).toBeGreaterThanOrEqual(8);
      expect(p.fix).not.toContain("\n");
    }
  });

  it("carries the corrected facts, not the seed's", () => {
    const byId = (n: number) => PITFALLS[n - 1]!;
    expect(byId(11).why).toContain("1000 requests/second");
    expect(byId(11).why).toContain("10 requests/second");
    expect(byId(11).why).toMatch(/soft/);
    expect(byId(8).correct).not.toContain("suppress(");
    expect(byId(8).why).toMatch(/deletes the person's profile permanently/);
    expect(byId(3).why).toMatch(/\bmay\b/);
    expect(byId(3).sources.some((s) => s.confidence === "unverified")).toBe(true);
    expect(byId(2).sources.some((s) => s.confidence === "documented" && /seconds/.test(s.note))).toBe(true);
  });
});

describe("explain_pitfall by id", () => {
  it.each(PITFALLS.map((p) => [p.number, p.id] as const))("pitfall %i by number, numeric string and slug (%s)", async (n, slug) => {
    for (const id of [n, String(n), slug, slug.toUpperCase(), ` ${n} `]) {
      const r = await run({ id });
      expect(r.total).toBe(1);
      expect(r.matched_by).toBe("id");
      const p = r.pitfalls[0]!;
      expect(p.number).toBe(n);
      expect(p.id).toBe(slug);
      expect(p.detect).toMatch(/^In code: .+ In live data: .+/);
      expect(typeof p.wrong).toBe("string");
      expect(typeof p.correct).toBe("string");
      expect(r.summary).toContain(`Pitfall ${n} (`);
    }
  });

  it("id wins over query, and the summary says so", async () => {
    const r = await run({ id: 4, query: "429 too many requests" });
    expect(numbers(r)).toEqual([4]);
    expect(r.summary).toContain("query was ignored");
  });

  it.each([13, 0, -1, 2.5, "13", "millisecond", "foo"])("unknown id %j → UserInputError listing the valid ids", async (id) => {
    const err = await run({ id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputError);
    const message = (err as Error).message;
    expect(message).toContain("unknown pitfall id");
    for (const p of PITFALLS) expect(message).toContain(`${p.number} (${p.id})`);
  });
});

describe("explain_pitfall by query", () => {
  const paraphrases: Array<[number, string, string]> = [
    [1, "sendEmail keeps failing with 401 though the tracking key is definitely correct", "Bearer token rejected by api.customer.io, we passed our site credentials"],
    [2, "people show up as created in the year 56000", "dates we send from JavaScript end up wildly in the future"],
    [3, "the first event for a fresh registration never starts the journey", "should I send the event before or after creating the profile?"],
    [4, "when somebody edits their email we end up with a second profile", "is using the email address as the identifier a bad idea?"],
    [5, "profiles have no email so the messages are never delivered", "identify call only sends name and plan, no address"],
    [6, "every SKU gets its own event name", "event names are generated with the record id in them"],
    [7, "checkout latency went up since we started awaiting the tracking call", "tracking call in the express handler slows every response"],
    [8, "hard bounces keep piling up and deliverability is suffering", "what to do with spam complaints reported by the webhook"],
    [9, "we build a fresh TrackClient for every incoming request", "should the client be a singleton or created per call?"],
    [10, "some services send SignedUp and others signed_up", "event name capitalization differs between web and mobile"],
    [11, "bulk backfill gets 429 responses after a few seconds", "how do I throttle a migration script that calls identify for every user?"],
    [12, "event names contain people's email addresses, which privacy says is a problem", "GDPR: phone numbers inside event names"],
  ];

  it.each(paraphrases)("pitfall %i ranks first for two paraphrased symptoms", async (n, a, b) => {
    for (const query of [a, b]) {
      const r = await run({ query });
      expect(r.matched_by).toBe("query");
      expect(numbers(r)[0], query).toBe(n);
      expect(r.pitfalls[0]!.score).toBeGreaterThan(0);
      expect(r.summary).toContain(`Most likely pitfall ${n} (`);
    }
  });

  it("recognises code and says what it saw", async () => {
    const r = await run({ query: "await cio.identify(user.id, {\n  email: user.email,\n  created_at: Date.now(),\n});" });
    expect(numbers(r)[0]).toBe(2);
    expect(r.pitfalls[0]!.evidence?.join(" ")).toMatch(/milliseconds/);
    expect(r.summary).toContain("Seen in the code");
  });

  it("honours limit and defaults to 3", async () => {
    const query = "our nightly import loops over every user calling identify and track and gets 429s, events named with ids";
    const three = await run({ query });
    expect(three.total).toBe(three.pitfalls.length);
    expect(three.total).toBeLessThanOrEqual(3);
    expect(three.total).toBeGreaterThan(1);
    const one = await run({ query, limit: 1 });
    expect(one.total).toBe(1);
    expect(one.pitfalls[0]!.number).toBe(three.pitfalls[0]!.number);
    const many = await run({ query, limit: 12 });
    expect(many.total).toBeGreaterThanOrEqual(three.total);
    expect(many.total).toBeLessThanOrEqual(12);
  });

  it.each([0, 13, 1.5])("limit %j is rejected", async (limit) => {
    await expect(run({ query: "429", limit })).rejects.toBeInstanceOf(UserInputError);
  });

  it("gibberish returns an empty list and says nothing matched", async () => {
    const r = await run({ query: "qwzx plorkt vrennik" });
    expect(r.pitfalls).toEqual([]);
    expect(r.total).toBe(0);
    expect(r.matched_by).toBe("query");
    expect(r.summary).toMatch(/^No pitfall matches this query/);
  });

  it("rejects a query over the length cap with a clear message", async () => {
    const err = await run({ query: "x".repeat(MAX_QUERY_CHARS + 1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toContain("the limit is 20,000");
    await expect(run({ query: `429 ${"y ".repeat((MAX_QUERY_CHARS - 10) / 2)}` })).resolves.toMatchObject({ matched_by: "query" });
  });
});

describe("explain_pitfall with no arguments", () => {
  it("returns the whole catalog in order", async () => {
    const r = await run({});
    expect(r.matched_by).toBe("catalog");
    expect(r.total).toBe(12);
    expect(numbers(r)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.summary).toMatch(/^The 12 Customer\.io integration pitfalls/);
  });

  it("treats a blank query like no query", async () => {
    expect((await run({ query: "   " })).total).toBe(12);
  });
});

describe("tool definition", () => {
  it("is offline, read-only and describes itself in under 2 KB", () => {
    expect(explainPitfall.name).toBe("explain_pitfall");
    expect(explainPitfall.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(Buffer.byteLength(explainPitfall.description, "utf8")).toBeLessThan(2048);
    expect(explainPitfall.description.slice(0, 120)).toMatch(/symptom, error text or pasted code snippet/);
  });

  it("renders one pitfall in full and the catalog as a list", async () => {
    // The code samples are long material: they come with detail "full" only.
    const one = explainPitfall.render(await run({ id: 9, detail: "full" }));
    expect(one).toContain("9. Creating a new Customer.io client");
    expect(one).toContain("```ts");
    const brief = explainPitfall.render(await run({ id: 9 }));
    expect(brief).toContain("9. Creating a new Customer.io client");
    expect(brief).not.toContain("```");
    expect(brief).toContain('id 9 and detail "full"');
    const all = explainPitfall.render(await run({}));
    expect(all).toContain("**12. Personal data");
    expect(all).not.toContain("```");
  });
});

describe("context budget", () => {
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  const text = async (args: Args) => bytes(explainPitfall.render(await run(args)));

  it("lists the catalog (number, slug, title, one line each) in at most 6 KB of text", async () => {
    const r = await run({});
    const rendered = explainPitfall.render(r);
    expect(bytes(rendered)).toBeLessThanOrEqual(6 * 1024);
    for (const p of PITFALLS) expect(rendered).toContain(`**${p.number}. ${p.title}** (\`${p.id}\`)`);
    expect(rendered.split("\n").filter((l) => l.startsWith("- **"))).toHaveLength(12);
    expect(r.omitted).toMatch(/detail "full"/);
    // structuredContent too: some clients hand the model only that object.
    expect(bytes(JSON.stringify(r))).toBeLessThanOrEqual(6 * 1024);
    for (const p of r.pitfalls) for (const key of ["wrong", "correct", "why", "detect", "fix"] as const) expect(p[key].length, `${p.number} ${key}`).toBeGreaterThan(10);
  });

  it("answers one query in a median of at most 1.5 KB and at most 3 KB of text", async () => {
    const queries = [
      "timestamps in milliseconds",
      "campaign not triggering",
      "events silently dropped",
      "getting 429 during the nightly import",
      "two profiles since she changed her email",
      "await cio.identify(user.email, { email: user.email, created_at: Date.now() })",
      "app.post('/x', async (req, res) => { const cio = new TrackClient(a, b); await cio.track(id, { name: `viewed_${sku}` }); res.json({}); })",
      "duplicate profiles after the email changed, and a 429 during the import",
    ];
    const sizes = await Promise.all([...queries.map((query) => text({ query })), ...PITFALLS.map((p) => text({ id: p.number }))]);
    const sorted = [...sizes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`explain_pitfall text bytes: median ${median}, max ${sorted[sorted.length - 1]} over ${sizes.length} calls`);
    expect(median).toBeLessThanOrEqual(1.5 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3 * 1024);
  });

  it("brief answers keep every contract field, say what they left out, and detail full gives it back", async () => {
    const brief = await run({ id: 2 });
    const full = await run({ id: 2, detail: "full" });
    const b = brief.pitfalls[0]!;
    const f = full.pitfalls[0]!;
    for (const key of ["number", "id", "title", "wrong", "correct", "why", "detect"] as const) {
      expect(b[key], key).toBeTruthy();
      expect(f[key], key).toBeTruthy();
    }
    expect(b.wrong).not.toContain("\n");
    expect(f.wrong).toBe(PITFALLS[1]!.wrong);
    expect(f.correct).toBe(PITFALLS[1]!.correct);
    expect(bytes(b.wrong)).toBeLessThan(bytes(f.wrong));
    expect(b.wrong.length).toBeLessThanOrEqual(240);
    expect(b.sources).toBeUndefined();
    expect(f.sources!.length).toBe(PITFALLS[1]!.sources.length);
    expect(brief.omitted).toMatch(/wrong\/correct.+detail "full"/);
    expect(full.omitted).toBeUndefined();
    // The key lines differ, so the brief answer still shows what to change.
    expect(b.wrong).not.toBe(b.correct);
  });

  it("keeps the definition small: description and input schema about 700 B, output schema about 800 B, no type arrays", () => {
    const input = z.toJSONSchema(z.object(explainPitfall.inputSchema));
    const output = z.toJSONSchema(z.object(explainPitfall.outputSchema));
    const size = (schema: Record<string, unknown>) => bytes(JSON.stringify({ ...schema, $schema: undefined }));
    console.log(`explain_pitfall definition: description + input ${bytes(explainPitfall.description) + size(input)} B, output ${size(output)} B`);
    expect(bytes(explainPitfall.description) + size(input)).toBeLessThanOrEqual(720);
    expect(size(output)).toBeLessThanOrEqual(800);
    expect(JSON.stringify([input, output])).not.toMatch(/"type":\[/);
  });
});

describe("knowing when it does not know", () => {
  it("finds the Pipelines silent drop for 'events silently dropped'", async () => {
    const r = await run({ query: "events silently dropped" });
    expect(numbers(r)[0]).toBe(3);
    expect(r.pitfalls[0]!.why).toMatch(/silently dropped/);
    const full = await run({ id: 3, detail: "full" });
    expect(full.pitfalls[0]!.why).toContain("X-Strict-Mode: 1");
    expect(full.pitfalls[0]!.sources!.some((s) => s.includes("200 response, but the request will not go through") || s.includes("200 and are dropped"))).toBe(true);
  });

  it.each([
    "pod stuck in CrashLoopBackOff after upgrading the helm chart",
    "! [rejected] main -> main (non-fast-forward) error: failed to push some refs",
    "502 Bad Gateway nginx/1.24.0 after deploying the node app behind the proxy",
  ])("answers a neighbouring field's question %j with an empty list and says why", async (query) => {
    const r = await run({ query });
    expect(r.pitfalls).toEqual([]);
    expect(r.total).toBe(0);
    expect(r.summary).toMatch(/^No pitfall matches this query: it reads as a question about another tool or field \(/);
  });

  it("gives every result a 0-1 score, best first", async () => {
    const r = await run({ query: "duplicate profiles after the email changed, and a 429 during the import", limit: 12 });
    expect(r.total).toBeGreaterThan(1);
    for (const p of r.pitfalls) expect(p.score! >= 0 && p.score! <= 1).toBe(true);
    for (let i = 1; i < r.pitfalls.length; i++) expect(r.pitfalls[i - 1]!.score!).toBeGreaterThanOrEqual(r.pitfalls[i]!.score!);
    expect(r.summary).toMatch(/^Most likely pitfall (11|4) \(.+\), score 0\.\d+\./);
  });
});
