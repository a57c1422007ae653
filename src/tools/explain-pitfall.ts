/**
 * explain_pitfall: the 12 integration pitfalls, by number, slug or a ranked
 * search. Answers are brief by default (the key line of each code sample,
 * the fix, why and how to detect it); `detail: "full"` adds the complete
 * wrong/correct samples and the sources, and the answer says so.
 */
import { z } from "zod";
import { clip } from "../domain/index.js";
import { UserInputError } from "../errors.js";
import { findPitfall, pitfallIdList, PITFALLS } from "../knowledge/pitfalls.js";
import { explainSearch, knowledgeTerms, looksLikeCode, pitfallTermRarity, type PitfallSearch } from "../knowledge/search.js";
import type { Pitfall } from "../knowledge/types.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { keyed } from "./schema.js";
import { bulletList, renderResult } from "./render.js";

export const MAX_QUERY_CHARS = 20_000;
const DEFAULT_LIMIT = 3;

/** "20,000": digits grouped as en-US does, without loading Intl at start-up (it costs ~20 ms). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");


type PitfallOut = {
  number: number;
  id: string;
  title: string;
  wrong: string;
  correct: string;
  why: string;
  detect: string;
  fix: string;
  score?: number;
  evidence?: string[];
  /** With detail "full": "documented: note (url)"; the confidence is documented, sdk, third_party or unverified. */
  sources?: string[];
};

/** The contract's fields of a pitfall; the others are for the code only. */
const pitfallSchema = keyed<z.ZodRawShape, PitfallOut>({
  number: z.number(),
  id: z.string(),
  title: z.string(),
  wrong: z.string(),
  correct: z.string(),
  why: z.string(),
  detect: z.string(),
});
/** brief: one pitfall or a search; catalog: the shortest form, for the list of all 12. */
type Detail = "brief" | "full" | "catalog";

/** A code line worth showing alone: not blank, not a comment, not an import. */
const telling = (line: string) => {
  const t = line.trim();
  return t !== "" && !t.startsWith("//") && !t.startsWith("#") && !/^(?:import|from|require)\b/.test(t) && t !== "}" && t !== "});";
};

/**
 * A code sample on one line: its telling lines (no comments, imports or
 * closing braces) in order, so the brief form still shows what is called and
 * in which order, clipped to about two lines of text.
 */
export function keyLine(sample: string, max = 240): string {
  const lines = sample.split("\n").filter(telling).map((l) => l.trim());
  return clip(lines.join(" ") || sample.trim(), max);
}

/** The first sentence(s) of a text, up to about `max` characters. */
function firstSentences(text: string, max: number): string {
  let end = 0;
  for (let i = 0; i < text.length && i <= max; i++) {
    if (text[i] === "." && (i + 1 === text.length || text[i + 1] === " ")) end = i + 1;
  }
  return end > 0 ? text.slice(0, end) : clip(text, max);
}

/** Sentences of a prose text (split on ". " by hand). */
function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "." && (i + 1 === text.length || text[i + 1] === " ")) {
      out.push(text.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  if (start < text.length && text.slice(start).trim()) out.push(text.slice(start).trim());
  return out;
}

/**
 * A brief "why" for a search hit: the first sentence, plus the sentence that
 * shares most terms with the query when that is another one (so "events
 * silently dropped" shows the Pipelines sentence of pitfall 3).
 */
function whyFor(p: Pitfall, queryTerms: ReadonlySet<string>): string {
  const all = briefOf(p).whySentences;
  const first = all[0] ?? p.why;
  let best = -1;
  let bestOverlap = 0;
  all.forEach((sentence, i) => {
    if (i === 0) return;
    let overlap = 0;
    for (const t of knowledgeTerms(sentence)) if (queryTerms.has(t)) overlap += pitfallTermRarity(t);
    if (overlap > bestOverlap) {
      best = i;
      bestOverlap = overlap;
    }
  });
  return clip(best > 0 ? `${first} … ${all[best]}` : first, 480);
}

/**
 * The catalog's one-line forms of each entry (wrong, correct, why, detect),
 * so the list of all 12 stays short; id N gives the entry itself.
 */
const CATALOG_LINES: Record<number, [wrong: string, correct: string, why: string, detect: string]> = {
  1: ["new APIClient(TRACK_API_KEY)", "new APIClient(APP_API_KEY)", "Track takes Basic (site id + key), the App API a Bearer key.", "401 from one API only; wrong_key_type."],
  2: ["created_at: Date.now()", "created_at: Math.floor(Date.now() / 1000)", "Unix seconds are expected; milliseconds land far in the future.", "13-digit times; millisecond_timestamp."],
  3: ["track(id, …) before identify(id, …)", "await identify(id, { email }), then track()", "An event for an unknown person may be dropped or start nothing.", "Event before the profile; event_not_found."],
  4: ["identify(user.email, { … })", "identify(user.id, { email: user.email })", "A changed address makes a second profile.", "Ids with @; email_as_id, duplicate_profiles."],
  5: ["identify(id, { first_name })", "identify(id, { email, first_name })", "Without an email attribute there is nobody to email.", "Profiles without email; missing_email."],
  6: ["name: `viewed_${sku}`", 'name: "product_viewed", data: { sku }', "Each value makes a new event name no trigger can match.", "Names differing by an id; dynamic_event_names."],
  7: ["await cio.track(…); res.json(…)", "res.json(…); cio.track(…).catch(log)", "The user waits for Customer.io, and fails with it.", "Awaits in route handlers; blocking_request_path."],
  8: ["suppress(id) when an email bounces", "flag the address from the bounced webhook", "Bounces hurt deliverability; suppress() deletes the person.", "No bounced/spammed handling; no_bounce_webhook."],
  9: ["new TrackClient(…) in every request", "one TrackClient per process", "Fresh clients lose connection reuse and pile up sockets.", "Clients built in handlers; client_per_request."],
  10: ['"SignedUp" here, "signed_up" there', "one snake_case name everywhere", "A trigger matches one exact spelling.", "One name, two spellings; event_name_inconsistent."],
  11: ["Promise.all(users.map(identify))", "a limiter (Bottleneck), backoff on 429", "Bursts get 429s, throttling and dropped data.", "Calls in loops, 429s; no_rate_limiting."],
  12: ["name: `reset_${user.email}`", 'name: "password_reset", data: { … }', "Event names are kept and shown widely: the data leaks.", "Emails or phones in names; pii_in_event_name."],
};

const detectOf = (p: Pitfall) => `In code: ${p.detect.in_code} In live data: ${p.detect.in_live_data}`;

/** The parts of a brief answer that depend on the pitfall alone. */
interface Brief {
  wrong: string;
  correct: string;
  detect: string;
  whySentences: string[];
}
/** Made once per pitfall on first use; at most one entry per catalog entry (12). */
const BRIEFS = new Map<number, Brief>();
function briefOf(p: Pitfall): Brief {
  let brief = BRIEFS.get(p.number);
  if (!brief) {
    brief = { wrong: keyLine(p.wrong), correct: keyLine(p.correct), detect: detectOf(p), whySentences: sentences(p.why) };
    // Only the catalog's own entries are kept, so the map cannot grow past it.
    if (PITFALLS.includes(p)) BRIEFS.set(p.number, brief);
  }
  return brief;
}

function describePitfall(p: Pitfall, detail: Detail, extra: { score?: number; evidence?: string[]; queryTerms?: ReadonlySet<string> } = {}): PitfallOut {
  const full = detail === "full";
  const line = detail === "catalog" ? CATALOG_LINES[p.number] : undefined;
  const out: PitfallOut = {
    number: p.number,
    id: p.id,
    title: p.title,
    wrong: full ? p.wrong : (line?.[0] ?? briefOf(p).wrong),
    correct: full ? p.correct : (line?.[1] ?? briefOf(p).correct),
    why: full ? p.why : (line?.[2] ?? (extra.queryTerms ? whyFor(p, extra.queryTerms) : firstSentences(p.why, 260))),
    detect: line?.[3] ?? briefOf(p).detect,
    fix: p.fix,
  };
  if (extra.score !== undefined) out.score = extra.score;
  if (extra.evidence && extra.evidence.length > 0) out.evidence = extra.evidence;
  if (full) out.sources = p.sources.map((s) => `${s.confidence}: ${s.note}${s.url ? ` (${s.url})` : ""}`);
  return out;
}

function unknownId(id: unknown): UserInputError {
  const shown = String(id).replace(/\s+/g, " ").slice(0, 40);
  return new UserInputError(`unknown pitfall id "${shown}". Valid ids: ${pitfallIdList()}.`);
}

function resolveId(id: number | string): Pitfall {
  if (typeof id === "number" && !Number.isInteger(id)) throw unknownId(id);
  const pitfall = findPitfall(id);
  if (!pitfall) throw unknownId(id);
  return pitfall;
}

function resolveLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PITFALLS.length) {
    throw new UserInputError(`limit must be a whole number from 1 to ${PITFALLS.length} (got ${String(limit).slice(0, 20)})`);
  }
  return limit;
}

const label = (p: { number: number; title: string }) => `${p.number} (${p.title})`;

/** What a brief answer leaves out, and the call that returns it. */
function omittedNote(numbers: number[]): string {
  const how = numbers.length === 1 ? `id ${numbers[0]} and detail "full"` : `detail "full" (or id N and detail "full" for one)`;
  return `wrong/correct are each code sample on one line, why is shortened, sources are left out: call explain_pitfall with ${how} for all of it.`;
}

/** Why the list is empty, in words the user can act on. */
function emptySummary(search: PitfallSearch): string {
  if (search.outcome === "off_topic") {
    const names = search.domain.foreign.slice(0, 3).join(", ");
    return (
      `No pitfall matches this query: it reads as a question about another tool or field (${names}), not a Customer.io integration. ` +
      "If Customer.io is involved, say how (the call, the SDK, the error it returns)."
    );
  }
  return (
    "No pitfall matches this query. Rephrase it with the symptom or the exact error text, paste the Customer.io call itself, " +
    "call explain_pitfall with no arguments for the catalog, or use diagnose_status_code for an HTTP status."
  );
}

export const explainPitfall = defineTool({
  name: "explain_pitfall",
  title: "Explain Customer.io integration pitfalls",
  description:
    "Matches a symptom, error text or pasted code snippet to the 12 Customer.io integration pitfalls, best first. " +
    'id: one pitfall; no arguments: the catalog; detail "full": complete code and sources. Offline.',
  inputSchema: {
    id: z
      .union([z.number(), z.string().max(100)])
      .optional()
      .describe("Number 1-12 or slug; wins over query."),
    query: z.string().optional().describe(`Symptom, error or code (max ${grouped(MAX_QUERY_CHARS)} chars).`),
    // The range (1-12) is checked in the handler (resolveLimit).
    limit: z.number().optional().describe("1-12, default 3."),
    detail: z.enum(["brief", "full"]).optional(),
  },
  outputSchema: {
    pitfalls: z.array(pitfallSchema),
    total: z.number(),
    matched_by: z.enum(["id", "query", "catalog"]),
    omitted: z.string().optional(),
    summary: z.string(),
  },
  annotations: OFFLINE_READ_ONLY,
  async handler(args) {
    const hasId = args.id !== undefined && args.id !== null && String(args.id).trim() !== "";
    const query = typeof args.query === "string" ? args.query : undefined;
    if (query !== undefined && query.length > MAX_QUERY_CHARS) {
      throw new UserInputError(
        `query is ${grouped(query.length)} characters; the limit is ${grouped(MAX_QUERY_CHARS)}. ` +
          "Paste only the error message or the few lines of code around the Customer.io call.",
      );
    }
    const limit = resolveLimit(args.limit);
    const detail: Detail = args.detail === "full" ? "full" : "brief";
    const omitted = (numbers: number[]) => (detail === "full" || numbers.length === 0 ? {} : { omitted: omittedNote(numbers) });

    if (hasId) {
      const pitfall = resolveId(args.id as number | string);
      const ignored = query?.trim() ? " The query was ignored because an id was given." : "";
      return {
        pitfalls: [describePitfall(pitfall, detail)],
        total: 1,
        matched_by: "id" as const,
        ...omitted([pitfall.number]),
        summary: `Pitfall ${label(pitfall)}.${ignored}`,
      };
    }

    if (query?.trim()) {
      const search = explainSearch(query, limit);
      if (search.hits.length === 0) {
        return {
          pitfalls: [],
          total: 0,
          matched_by: "query" as const,
          summary: emptySummary(search),
        };
      }
      const [best, ...rest] = search.hits;
      const queryTerms = new Set(search.terms);
      const seen = best!.reasons.length > 0 ? ` Seen in the ${looksLikeCode(query) ? "code" : "text"}: ${best!.reasons.join("; ")}.` : "";
      const also = rest.length > 0 ? ` Less likely: ${rest.map((h) => `${h.pitfall.number} (score ${h.score})`).join(", ")}.` : "";
      return {
        pitfalls: search.hits.map((h) => describePitfall(h.pitfall, detail, { score: h.score, evidence: h.reasons, queryTerms })),
        total: search.hits.length,
        matched_by: "query" as const,
        ...omitted(search.hits.map((h) => h.pitfall.number)),
        summary: `Most likely pitfall ${label(best!.pitfall)}, score ${best!.score}.${seen}${also}`,
      };
    }

    // The catalog: one line each; the samples come with id (and detail "full").
    return {
      pitfalls: PITFALLS.map((p) => describePitfall(p, detail === "full" ? "full" : "catalog")),
      total: PITFALLS.length,
      matched_by: "catalog" as const,
      ...(detail === "full" ? {} : { omitted: 'Entries are cut short; id N with detail "full" gives one in full.' }),
      summary:
        `The ${PITFALLS.length} Customer.io integration pitfalls, in catalog order. ` +
        "Call again with id (1-12 or a slug) for one, or with query (a symptom, error or code snippet) to rank them.",
    };
  },
  workingSet: "small",
  render(result) {
    if (result.matched_by === "catalog") {
      const lines = result.pitfalls.map((p) => `**${p.number}. ${p.title}** (\`${p.id}\`): ${p.fix}`);
      return renderResult({ title: "Customer.io pitfalls", summary: result.summary, sections: [["Catalog", bulletList(lines)]] });
    }
    const full = result.omitted === undefined && result.pitfalls.length > 0;
    const sections: Array<[string, string]> = result.pitfalls.map((p, i) => {
      const lines = [
        `${p.score !== undefined ? `Score ${p.score}. ` : ""}**Fix:** ${p.fix}`,
        // The best match's evidence is already in the summary.
        p.evidence?.length && i > 0 ? `**Seen:** ${p.evidence.join("; ")}` : "",
      ];
      if (full) lines.push("Wrong:", "```ts", p.wrong, "```", "Correct:", "```ts", p.correct, "```", p.why, p.detect);
      else if (i === 0 || result.pitfalls.length === 1) lines.push(`Wrong: \`${p.wrong}\``, `Correct: \`${p.correct}\``, `**Why:** ${p.why}`, `**Detect:** ${firstSentences(p.detect, 240)}`);
      return [`${p.number}. ${p.title}`, lines.filter((l) => l !== "").join("\n")];
    });
    const tail: Array<[string, string]> = result.omitted ? [["Left out", result.omitted]] : [];
    return renderResult({ title: "Customer.io pitfalls", summary: result.summary, sections: [...sections, ...tail] });
  },
});
