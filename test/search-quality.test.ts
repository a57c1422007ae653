/**
 * Search quality of the pitfall catalog, measured on labelled queries written
 * the way engineers type them: symptoms, pasted errors and code snippets.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  Bm25Index,
  calibratedScore,
  codeSignals,
  explainSearch,
  looksLikeCode,
  pitfallCandidates,
  queryDomain,
  searchPitfalls,
  stem,
  tokenize,
} from "../src/knowledge/search.js";
import { PITFALLS } from "../src/knowledge/pitfalls.js";

interface LabelledQuery {
  kind: "symptom" | "question" | "error" | "code";
  query: string;
  expected: number[];
  /** Later additions: pyrbgo (Python, Ruby, Go SDK code), pipelines, plain. */
  tag?: "pyrbgo" | "pipelines" | "plain";
}

interface OffTopicQuery {
  kind: "symptom" | "question" | "error" | "code";
  query: string;
  field: string;
}

interface QuerySet {
  queries: LabelledQuery[];
  off_topic: OffTopicQuery[];
}

const load = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as QuerySet;
/** The original tuning queries: the search may be adjusted against them. */
const base = load("pitfall-queries.json");
/**
 * Set-aside set 1, reported at top-1 84.2 % (16/19), top-3 94.7 % (18/19), off-topic 12/12 empty
 * when first measured; now used for tuning (its figures are no longer a held-out measurement).
 */
const set1 = load("pitfall-queries-heldout.json");
/**
 * Set-aside set 2: written without sight of the search, after set 1 was burned; never used to adjust it.
 * One entry per query, `expected: []` for a question from a neighbouring field.
 */
const set2Entries = JSON.parse(readFileSync(new URL("./fixtures/pitfall-queries-heldout2.json", import.meta.url), "utf8")) as Array<{ query: string; expected: number[] }>;
const set2: QuerySet = {
  queries: set2Entries.filter((e) => e.expected.length > 0).map((e) => ({ kind: "question" as const, query: e.query, expected: e.expected })),
  off_topic: set2Entries.filter((e) => e.expected.length === 0).map((e) => ({ kind: "question" as const, query: e.query, field: "neighbouring" })),
};
/** The tuning set: the original queries and set-aside set 1. */
const tuning: QuerySet = { queries: [...base.queries, ...set1.queries], off_topic: [...base.off_topic, ...set1.off_topic] };
const { queries } = base;

interface Figures {
  n: number;
  top1: number;
  top3: number;
  offTopic: number;
  offTopicEmpty: number;
  misses: string[];
}

function measure(set: QuerySet): Figures {
  const misses: string[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const q of set.queries) {
    const ranked = searchPitfalls(q.query, 3).map((h) => h.pitfall.number);
    const first = ranked[0] !== undefined && q.expected.includes(ranked[0]);
    if (first) top1++;
    if (ranked.some((n) => q.expected.includes(n))) top3++;
    if (!first) misses.push(`expected ${q.expected.join("/")} got [${ranked.join(", ")}]: ${q.query.slice(0, 70).replace(/\n/g, " ")}`);
  }
  let offTopicEmpty = 0;
  for (const q of set.off_topic) {
    const hits = searchPitfalls(q.query, 3);
    if (hits.length === 0) offTopicEmpty++;
    else misses.push(`off-topic (${q.field}) got [${hits.map((h) => `${h.pitfall.number}:${h.score}`).join(", ")}]: ${q.query.slice(0, 70).replace(/\n/g, " ")}`);
  }
  return { n: set.queries.length, top1, top3, offTopic: set.off_topic.length, offTopicEmpty, misses };
}

/** Rounded down, so a figure just under a target (48/49 = 97.96 %) is never shown as meeting it. */
const pct = (n: number, of: number) => `${(Math.floor((1000 * n) / Math.max(1, of)) / 10).toFixed(1)}%`;
const line = (name: string, f: Figures) =>
  `${name}: ${f.n} on-topic + ${f.offTopic} off-topic; top-1 ${f.top1}/${f.n} = ${pct(f.top1, f.n)}, top-3 ${f.top3}/${f.n} = ${pct(f.top3, f.n)}, ` +
  `off-topic empty ${f.offTopicEmpty}/${f.offTopic}`;

describe("labelled query set", () => {
  it("covers every pitfall with at least 4 queries, and at least 15 code snippets, 60 queries in all", () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    for (const p of PITFALLS) {
      expect(queries.filter((q) => q.expected.includes(p.number)).length, `pitfall ${p.number}`).toBeGreaterThanOrEqual(4);
    }
    expect(queries.filter((q) => q.kind === "code").length).toBeGreaterThanOrEqual(15);
    for (const q of queries) {
      expect(q.expected.length).toBeGreaterThan(0);
      for (const n of q.expected) expect(n >= 1 && n <= 12).toBe(true);
    }
  });

  it("no query is copied into the knowledge base", () => {
    const kb = PITFALLS.flatMap((p) => [p.title, p.why, p.fix, p.detect.in_code, p.detect.in_live_data, ...p.keywords])
      .join("\n")
      .toLowerCase();
    for (const q of queries) {
      if (q.kind === "code") continue;
      expect(kb.includes(q.query.toLowerCase()), q.query).toBe(false);
    }
  });

  it("has at least 150 queries in all, 30 off-topic, 20 Python/Ruby/Go snippets and Pipelines snippets", () => {
    const all = tuning.queries;
    const offTopic = tuning.off_topic;
    expect(all.length + offTopic.length).toBeGreaterThanOrEqual(150);
    expect(offTopic.length).toBeGreaterThanOrEqual(30);
    expect(all.filter((q) => q.tag === "pyrbgo" && q.kind === "code").length).toBeGreaterThanOrEqual(20);
    expect(all.filter((q) => q.tag === "pipelines" && q.kind === "code").length).toBeGreaterThanOrEqual(8);
    expect(new Set(offTopic.map((q) => q.field)).size).toBeGreaterThanOrEqual(8);
    // No query is in both tuning files.
    const seen = new Set([...base.queries, ...base.off_topic].map((q) => q.query));
    for (const q of [...set1.queries, ...set1.off_topic]) expect(seen.has(q.query), q.query).toBe(false);
  });

  it("a third of the labelled queries added for the search's second version is set aside (set 2), and none is in the tuning set", () => {
    const added = tuning.queries.filter((q) => q.tag).length + tuning.off_topic.length;
    const aside = set2.queries.length + set2.off_topic.length;
    expect(aside / (added + aside)).toBeGreaterThanOrEqual(0.3);
    expect(set2.off_topic.length).toBeGreaterThanOrEqual(1);
    // None is in the original tuning queries; one (a Ruby identify with `(Time.now.to_f * 1000).to_i`) repeats a set-1
    // query word for word, so set 2's figures are also reported without it.
    const inBase = new Set([...base.queries, ...base.off_topic].map((q) => q.query));
    const inSet1 = new Set([...set1.queries, ...set1.off_topic].map((q) => q.query));
    expect([...set2.queries, ...set2.off_topic].filter((q) => inBase.has(q.query)).length).toBe(0);
    expect([...set2.queries, ...set2.off_topic].filter((q) => inSet1.has(q.query)).length).toBeLessThanOrEqual(1);
    for (const q of set2.queries) for (const n of q.expected) expect(n >= 1 && n <= 12).toBe(true);
  });

  it("set-aside set 2 (never tuned on): top-1 ≥ 90%; top-3 and off-topic at their measured floors (targets missed, see below)", () => {
    const f = measure(set2);
    const inSet1 = new Set(set1.queries.map((q) => q.query));
    const fresh = measure({ queries: set2.queries.filter((q) => !inSet1.has(q.query)), off_topic: set2.off_topic });
    const whole = measure({ queries: [...tuning.queries, ...set2.queries], off_topic: [...tuning.off_topic, ...set2.off_topic] });
    console.log(
      `${line("pitfall search, set-aside set 2", f)}\n${line("pitfall search, set 2 without the query it shares with set 1", fresh)}\n${line("pitfall search, whole set", whole)}` +
        (f.misses.length ? `\nset 2 misses:\n  ${f.misses.join("\n  ")}` : ""),
    );
    // Target top-1 ≥ 90 %: met (first and only measurement 46/49 = 93.9 %).
    expect(f.top1 / f.n).toBeGreaterThanOrEqual(0.9);
    // Target top-3 ≥ 98 %: MISSED. First and only measurement 48/49 = 97.96 %; this is a regression floor, not the target.
    expect(f.top3 / f.n).toBeGreaterThanOrEqual(48 / 49);
    // Target every off-topic query empty: MISSED. First and only measurement 15 of 20 empty; a regression floor, not the target.
    expect(f.offTopicEmpty).toBeGreaterThanOrEqual(15);
  });

  it("tuning set (original queries and set-aside set 1): every query's right pitfall first, every off-topic query empty", () => {
    const f = measure(tuning);
    console.log(line("pitfall search, tuning set", f) + (f.misses.length ? `\n  ${f.misses.join("\n  ")}` : ""));
    expect(f.top1).toBe(f.n);
    expect(f.top3).toBe(f.n);
    expect(f.offTopicEmpty).toBe(f.offTopic);
  });

  it("set-aside set 1, now tuned on (reported at 84.2 % / 94.7 % / 12 of 12 empty before): every query's right pitfall first, every off-topic query empty", () => {
    const f = measure(set1);
    console.log(line("pitfall search, set 1 (now tuning)", f) + (f.misses.length ? `\n  ${f.misses.join("\n  ")}` : ""));
    expect(f.top1).toBe(f.n);
    expect(f.top3).toBe(f.n);
    expect(f.offTopicEmpty).toBe(f.offTopic);
  });

  it("scores are calibrated on the tuning set: in each score band the share of right answers is near the mean score", () => {
    const bands = [0, 0.2, 0.5, 0.8, 1.0001].slice(0, -1).map((lo, i, a) => ({ lo, hi: [0.2, 0.5, 0.8, 1.0001][i]!, n: 0, sum: 0, right: 0, a }));
    const all = [...tuning.queries.map((q) => ({ query: q.query, expected: q.expected })), ...tuning.off_topic.map((q) => ({ query: q.query, expected: [] as number[] }))];
    let n = 0;
    let gap = 0;
    for (const q of all) {
      for (const c of pitfallCandidates(q.query)) {
        const p = calibratedScore(c.features);
        const band = bands.find((b) => p >= b.lo && p < b.hi)!;
        band.n++;
        band.sum += p;
        if (q.expected.includes(c.pitfall.number)) band.right++;
        n++;
      }
    }
    for (const b of bands) gap += Math.abs(b.sum - b.right);
    const table = bands.map((b) => `[${b.lo}, ${Math.min(1, b.hi)}): n ${b.n}, mean score ${(b.sum / Math.max(1, b.n)).toFixed(2)}, right ${(b.right / Math.max(1, b.n)).toFixed(2)}`);
    console.log(`calibration (tuning set, every candidate): expected calibration error ${(gap / n).toFixed(3)}\n  ${table.join("\n  ")}`);
    expect(gap / n).toBeLessThanOrEqual(0.05);
    for (const b of bands.filter((x) => x.n >= 20)) expect(Math.abs(b.sum / b.n - b.right / b.n), `band ${b.lo}`).toBeLessThanOrEqual(0.2);
  });

  it("ranks the right pitfall first for ≥ 80% of queries and in the top 3 for ≥ 95%", () => {
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const q of queries) {
      const ranked = searchPitfalls(q.query, 3).map((h) => h.pitfall.number);
      const first = ranked[0] !== undefined && q.expected.includes(ranked[0]);
      const inTop3 = ranked.some((n) => q.expected.includes(n));
      if (first) top1++;
      if (inTop3) top3++;
      if (!first) misses.push(`expected ${q.expected.join("/")} got [${ranked.join(", ")}]: ${q.query.slice(0, 70).replace(/\n/g, " ")}`);
    }
    const pct = (n: number) => ((100 * n) / queries.length).toFixed(1);
    const codeQueries = queries.filter((q) => q.kind === "code");
    const codeTop1 = codeQueries.filter((q) => q.expected.includes(searchPitfalls(q.query, 1)[0]?.pitfall.number ?? -1)).length;
    console.log(
      `pitfall search: ${queries.length} queries (${codeQueries.length} code); top-1 ${top1}/${queries.length} = ${pct(top1)}%, ` +
        `top-3 ${top3}/${queries.length} = ${pct(top3)}%; code top-1 ${codeTop1}/${codeQueries.length}` +
        (misses.length ? `\nnot first:\n  ${misses.join("\n  ")}` : ""),
    );
    expect(top3 / queries.length).toBeGreaterThanOrEqual(0.95);
    expect(top1 / queries.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe("linear time on hostile queries", () => {
  // 1 MiB strings made of the units the patterns look for; each call has a generous bound (a quadratic
  // pattern takes minutes here, so a bound this loose still fails it without depending on machine speed).
  const MIB = 1024 * 1024;
  const units = ["  id: user.email,\n", "end\n", ")\n", "cio.identify(\n  ", "  a: 'b',\n", "ssn social security ", "event names phone ", "await analytics.flush(", "a", "aA", "a_", "_", " ", "1", "1.", "\n", "\n ", "{(", "`${", 'name: "', "for (", ".track(", "new TrackClient(", "x@y.z ", "Promise.all([", "new Date(", "Bearer ", "select ", "customer.io ", "#{", "f\"{", "for x in y:\n    cio.identify(\n", "users.each do |u|\n", "year 1 ", "{\n"];
  it.each(units)("tokenize, looksLikeCode, codeSignals, queryDomain and explainSearch stay linear on 1 MiB of %j", (unit) => {
    const text = unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
    for (const [name, fn] of [
      ["tokenize", () => tokenize(text)],
      ["looksLikeCode", () => looksLikeCode(text)],
      ["codeSignals", () => codeSignals(text)],
      ["queryDomain", () => queryDomain(text)],
      ["explainSearch", () => explainSearch(text, 3)],
    ] as const) {
      const start = performance.now();
      fn();
      expect(performance.now() - start, name).toBeLessThan(3000);
    }
  });
});

describe("relevance floor", () => {
  it.each(["asdkjh qwpoeiru zxcmvn", "lorem ipsum dolor sit amet", "the weather in paris tomorrow", "banana smoothie recipe", "it doesn't work", "customer.io", "   "])(
    "returns nothing for %j",
    (q) => {
      expect(searchPitfalls(q, 3)).toEqual([]);
    },
  );

  it("handles long, repetitive 20,000-character inputs", () => {
    for (const unit of ["a", "a.", "{(", "`${", 'name: "', "1", "for (", ".track(", "new TrackClient(", "x@y.z "]) {
      const query = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
      expect(Array.isArray(searchPitfalls(query, 3))).toBe(true);
    }
  });

  it("returns scores in decreasing order and honours the limit", () => {
    const hits = searchPitfalls("duplicate profiles after the email changed, and a 429 during the import", 12);
    expect(hits.length).toBeGreaterThan(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(searchPitfalls("duplicate profiles after the email changed, and a 429 during the import", 1)).toHaveLength(1);
  });
});

describe("text normalisation", () => {
  it("stems plurals and verb forms to one term", () => {
    expect(stem("bounces")).toBe(stem("bounced"));
    expect(stem("bouncing")).toBe(stem("bounce"));
    expect(stem("identifies")).toBe("identify");
    expect(stem("identified")).toBe("identify");
    expect(stem("limiting")).toBe("limit");
    expect(stem("dropped")).toBe("drop");
    expect(stem("ids")).toBe("id");
  });

  it("folds synonyms and phrases into one term", () => {
    expect(tokenize("milliseconds")).toEqual(tokenize("ms"));
    expect(tokenize("401")).toEqual(tokenize("unauthorized"));
    expect(tokenize("e-mail")).toEqual(tokenize("email"));
    expect(tokenize("Too Many Requests")).toEqual(tokenize("429"));
    expect(tokenize("rate limited")).toEqual(tokenize("throttled"));
    expect(tokenize("personal data")).toEqual(tokenize("GDPR"));
    expect(tokenize("hard bounce")).toEqual(tokenize("bounced"));
    expect(tokenize("keep-alive")).toEqual(tokenize("socket"));
    expect(tokenize("dupe")).toEqual(tokenize("duplicate"));
    expect(tokenize("slow")).toEqual(tokenize("latency"));
  });

  it("splits identifiers and keeps the whole", () => {
    expect(tokenize("TrackClient")).toEqual(expect.arrayContaining(["trackclient", "track", "client"]));
    expect(tokenize("created_at")).toContain("created_at");
  });
});

describe("code features", () => {
  const pitfallsOf = (code: string) => [...new Set(codeSignals(code).map((s) => s.pitfall))].sort((a, b) => a - b);

  it("recognises code and prose", () => {
    expect(looksLikeCode("await cio.track(id, { name: 'x' });")).toBe(true);
    expect(looksLikeCode("campaign never fires for new signups")).toBe(false);
  });

  it("recognises calls whose arguments span several lines (Ruby, Python, Go), and reads them", () => {
    const ruby = "$customerio.identify(\n  id: user.email,\n  plan: user.plan\n)";
    const python = "cio.identify(\n    id=user.email,\n    plan=user.plan,\n)";
    const go = "err := track.Identify(\n\tu.Email,\n\tmap[string]interface{}{\"plan\": u.Plan},\n)";
    for (const code of [ruby, python, go]) {
      expect(looksLikeCode(code), code).toBe(true);
      expect(pitfallsOf(code), code).toContain(4);
    }
    expect(looksLikeCode("identify people with:\nthe id, then the email")).toBe(false);
  });

  it("a Pipelines identify keyed by userId is not an email id; awaiting analytics.flush() in a handler → 7", () => {
    const handler = "app.post('/s', async (req, res) => {\n  await analytics.identify({ userId: user.id, traits: { email: user.email } });\n  await analytics.flush();\n  res.json({});\n});";
    expect(pitfallsOf(handler)).toEqual([7]);
    expect(pitfallsOf("await analytics.identify({ userId: user.email, traits: { plan } });")).toContain(4);
    const flushAndMs = "app.post('/s', async (req, res) => {\n  await analytics.track({ userId: u.id, event: 'x', timestamp: Date.now() });\n  await analytics.flush();\n  res.json({});\n});";
    expect(codeSignals(flushAndMs).find((s) => s.pitfall === 7)?.weight).toBe(1);
  });

  it("personal data named beside event names in prose → 12 ahead of 6", () => {
    for (const q of ["an audit found social security numbers in our event names", "event names carry card numbers", "is a date of birth ok in the event name?"]) {
      expect(pitfallsOf(q), q).toContain(12);
      expect(searchPitfalls(q, 3)[0]?.pitfall.number, q).toBe(12);
    }
    expect(pitfallsOf("our event names include the product sku")).not.toContain(12);
  });

  it("Date.now() reaching created_at without / 1000 → 2, with / 1000 → nothing", () => {
    expect(pitfallsOf("await cio.identify(id, { email, created_at: Date.now() });")).toContain(2);
    expect(pitfallsOf("await cio.identify(id, { email, created_at: Math.floor(Date.now() / 1000) });")).not.toContain(2);
  });

  it("a client created inside a handler → 9, at module level → nothing", () => {
    expect(pitfallsOf("app.post('/t', async (req, res) => {\n  const cio = new TrackClient(a, b);\n  await cio.track(x, { name: 'y' });\n});")).toContain(9);
    expect(pitfallsOf("const cio = new TrackClient(a, b, { region: RegionUS });\nexport default cio;")).not.toContain(9);
  });

  it("template literal in an event name → 6, interpolating an email → 12", () => {
    expect(pitfallsOf("await cio.track(id, { name: `viewed_${sku}` });")).toEqual([6]);
    expect(pitfallsOf("await cio.track(id, { name: `invited_${user.email}` });")).toContain(12);
  });

  it("awaiting track inside app.post → 7", () => {
    expect(pitfallsOf("app.post('/x', async (req, res) => {\n  await cio.track(req.user.id, { name: 'done' });\n  res.json({});\n});")).toEqual([7]);
  });

  it("APIClient given the Track key → 1", () => {
    expect(pitfallsOf("const api = new APIClient(process.env.CUSTOMERIO_TRACK_API_KEY!);\nawait api.sendEmail(req);")).toContain(1);
  });

  it("identify keyed by an email → 4; identify without email → 5", () => {
    expect(pitfallsOf("await cio.identify('jane@example.com', { plan: 'pro' });")).toContain(4);
    expect(pitfallsOf("await cio.identify(user.id, { first_name: 'Jane' });")).toEqual([5]);
  });

  it("identify in a loop with no limiter → 11; with a limiter → nothing", () => {
    expect(pitfallsOf("for (const u of users) {\n  await cio.identify(u.id, { email: u.email });\n}")).toEqual([11]);
    expect(pitfallsOf("for (const u of users) {\n  await limiter.schedule(() => cio.identify(u.id, { email: u.email }));\n}")).toEqual([]);
  });

  it("mixed event-name styles → 10, in code and in prose", () => {
    expect(pitfallsOf("cio.track(a, { name: 'UserSignedUp' });\ncio.track(a, { name: 'user-signed-up' });")).toContain(10);
    expect(pitfallsOf("web sends UserSignedUp but mobile sends user_signed_up")).toEqual([10]);
  });

  it("track before identify → 3", () => {
    expect(pitfallsOf("await cio.track(u.id, { name: 'signed_up' });\nawait cio.identify(u.id, { email: u.email });")).toContain(3);
  });
});

describe("Bm25Index", () => {
  it("ranks by weighted fields and ignores unknown terms", () => {
    const docs = [
      { title: "rate limits", body: "too many requests in a loop" },
      { title: "timestamps", body: "seconds not milliseconds" },
    ];
    const index = new Bm25Index(docs, [
      { name: "title", weight: 3, text: (d) => d.title },
      { name: "body", weight: 1, text: (d) => d.body },
    ]);
    expect(index.search("milliseconds").map((h) => h.index)).toEqual([1]);
    expect(index.search("429").map((h) => h.index)).toEqual([0]);
    expect(index.search("zzzz")).toEqual([]);
    expect(index.explain("milliseconds in the title", 1)).toEqual([{ term: "millisecond", fields: ["body"] }]);
  });
});
