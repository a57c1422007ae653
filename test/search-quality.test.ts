/**
 * Search quality of the pitfall catalog, measured on labelled queries written
 * the way engineers type them: symptoms, pasted errors and code snippets.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Bm25Index, codeSignals, looksLikeCode, searchPitfalls, stem, tokenize } from "../src/knowledge/search.js";
import { PITFALLS } from "../src/knowledge/pitfalls.js";

interface LabelledQuery {
  kind: "symptom" | "question" | "error" | "code";
  query: string;
  expected: number[];
}

const { queries } = JSON.parse(readFileSync(new URL("./fixtures/pitfall-queries.json", import.meta.url), "utf8")) as {
  queries: LabelledQuery[];
};

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
