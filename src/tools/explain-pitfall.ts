/** explain_pitfall: the 12 integration pitfalls, by number, slug or a ranked search. */
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { findPitfall, pitfallIdList, PITFALLS } from "../knowledge/pitfalls.js";
import { looksLikeCode, searchPitfalls } from "../knowledge/search.js";
import type { Pitfall } from "../knowledge/types.js";
import { defineTool, OFFLINE_READ_ONLY } from "./define.js";
import { bulletList, renderResult } from "./render.js";

export const MAX_QUERY_CHARS = 20_000;
const DEFAULT_LIMIT = 3;

/** "20,000": digits grouped as en-US does, without loading Intl at start-up (it costs ~20 ms). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const sourceSchema = z.object({
  confidence: z.enum(["documented", "sdk", "third_party", "unverified"]),
  url: z.string().optional(),
  note: z.string(),
});

const pitfallSchema = z.object({
  number: z.number(),
  id: z.string(),
  title: z.string(),
  wrong: z.string(),
  correct: z.string(),
  why: z.string(),
  detect: z.string(),
  fix: z.string(),
  sources: z.array(sourceSchema),
  score: z.number().optional(),
  evidence: z.array(z.string()).optional(),
});

type PitfallOut = z.infer<typeof pitfallSchema>;

function describePitfall(p: Pitfall, extra: { score?: number; evidence?: string[] } = {}): PitfallOut {
  const out: PitfallOut = {
    number: p.number,
    id: p.id,
    title: p.title,
    wrong: p.wrong,
    correct: p.correct,
    why: p.why,
    detect: `In code: ${p.detect.in_code} In live data: ${p.detect.in_live_data}`,
    fix: p.fix,
    sources: p.sources.map((s) => ({ ...s })),
  };
  if (extra.score !== undefined) out.score = extra.score;
  if (extra.evidence && extra.evidence.length > 0) out.evidence = extra.evidence;
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

export const explainPitfall = defineTool({
  name: "explain_pitfall",
  title: "Explain Customer.io integration pitfalls",
  description:
    "Matches a symptom, error text or pasted code snippet to the classic Customer.io integration pitfalls and explains them: wrong and correct code, why it breaks, how to detect it in code and in live data, and the one-line fix. " +
    "The catalog has 12, numbered as findings refer to them: 1 wrong API key type, 2 millisecond timestamps, 3 track before identify, 4 email as user id, 5 missing email attribute, 6 dynamic event names, 7 blocking request path, 8 no bounce handling, 9 new client per request, 10 inconsistent event names, 11 no rate limiting, 12 PII in event names. " +
    "Pass query (e.g. \"created_at shows year 55000\", \"campaign never fires for new signups\", or an identify()/track() call) for the best matches first (limit, default 3); code is also checked structurally (Date.now() without / 1000, a client created inside a handler, a template literal in an event name…). " +
    "Pass id (1–12, \"2\" or a slug like \"millisecond-timestamps\") for one pitfall; if id and query are both given, id wins and the query is ignored. Pass nothing for the whole catalog. " +
    "A query that matches nothing returns an empty list (not an error). Offline and read-only.",
  inputSchema: {
    id: z
      .union([z.number(), z.string().max(100)])
      .optional()
      .describe("One pitfall: its number 1–12 (number or numeric string) or its slug, e.g. \"track-before-identify\" (case-insensitive). Takes precedence over query."),
    query: z
      .string()
      .optional()
      .describe(`A symptom, an error message or a code snippet, at most ${grouped(MAX_QUERY_CHARS)} characters. Paste only the relevant part.`),
    limit: z
      .number()
      .min(1)
      .max(12)
      .optional()
      .describe("Most pitfalls to return for a query, 1–12 (default 3)."),
  },
  outputSchema: {
    pitfalls: z.array(pitfallSchema).describe("Best match first; each with number, slug id, title, wrong/correct code, why, detect, fix and sources."),
    total: z.number().describe("Number of pitfalls returned."),
    matched_by: z.enum(["id", "query", "catalog"]),
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

    if (hasId) {
      const pitfall = resolveId(args.id as number | string);
      const ignored = query?.trim() ? " The query was ignored because an id was given." : "";
      return {
        pitfalls: [describePitfall(pitfall)],
        total: 1,
        matched_by: "id" as const,
        summary: `Pitfall ${label(pitfall)}. Fix: ${pitfall.fix}${ignored}`,
      };
    }

    if (query?.trim()) {
      const hits = searchPitfalls(query, limit);
      if (hits.length === 0) {
        return {
          pitfalls: [],
          total: 0,
          matched_by: "query" as const,
          summary:
            "No pitfall matches this query. Rephrase it with the symptom or the exact error text, paste the Customer.io call itself, " +
            "call explain_pitfall with no arguments for the whole catalog, or use diagnose_status_code for an HTTP status.",
        };
      }
      const [best, ...rest] = hits;
      const seen = best!.reasons.length > 0 ? ` Seen in the ${looksLikeCode(query) ? "code" : "text"}: ${best!.reasons.join("; ")}.` : "";
      const also = rest.length > 0 ? ` Also relevant: ${rest.map((h) => label(h.pitfall)).join(", ")}.` : "";
      return {
        pitfalls: hits.map((h) => describePitfall(h.pitfall, { score: h.score, evidence: h.reasons })),
        total: hits.length,
        matched_by: "query" as const,
        summary: `Most likely pitfall ${label(best!.pitfall)}. Fix: ${best!.pitfall.fix}${seen}${also}`,
      };
    }

    return {
      pitfalls: PITFALLS.map((p) => describePitfall(p)),
      total: PITFALLS.length,
      matched_by: "catalog" as const,
      summary:
        `The ${PITFALLS.length} Customer.io integration pitfalls, in catalog order. ` +
        "Call again with id (1–12 or a slug) for one, or with query (a symptom, error or code snippet) to rank them.",
    };
  },
  workingSet: "small",
  render(result) {
    if (result.pitfalls.length > 3) {
      return renderResult({
        title: "Customer.io pitfalls",
        summary: result.summary,
        sections: [["Catalog", bulletList(result.pitfalls.map((p) => `**${p.number}. ${p.title}** (\`${p.id}\`): ${p.fix}`))]],
      });
    }
    const sections: Array<[string, string]> = result.pitfalls.map((p) => [
      `${p.number}. ${p.title}`,
      [
        `**Fix:** ${p.fix}`,
        p.evidence?.length ? `**Seen:** ${p.evidence.join("; ")}` : "",
        "Wrong:",
        "```ts",
        p.wrong,
        "```",
        "Correct:",
        "```ts",
        p.correct,
        "```",
        p.why,
        p.detect,
      ]
        .filter((line) => line !== "")
        .join("\n"),
    ]);
    return renderResult({ title: "Customer.io pitfalls", summary: result.summary, sections });
  },
});
