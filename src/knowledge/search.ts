/**
 * Ranked retrieval over the knowledge base: BM25F over weighted fields, a
 * small stemmer, a synonym map for the words people use for the same
 * problem, and code features that recognise the pitfalls in pasted snippets.
 * Nothing is built at import time; the pitfall index is made on first use.
 */
import { PITFALLS } from "./pitfalls.js";
import type { Pitfall } from "./types.js";

// ---------------------------------------------------------------------------
// Text normalisation

const STOPWORDS = new Set(
  (
    "a an the and or but if then else of to in on at by for from with without into onto over under about as is are was were be been being " +
    "it its this that these those there here i me my we our us you your they them their he she his her him " +
    "do does did done doing have has had having can could should would will shall may might must " +
    "not no nor so too very just also only even still yet all any some each every both either neither " +
    "what which who whom whose when where why how than such same other another " +
    "get got getting gets use used using make made set up out off " +
    // Conversational filler that carries no symptom.
    "include includes included work works working worked issue issues problem problems help please thing things stuff like " +
    "want need try tried seem seems doesn don didn isn wasn won aren cant anyone someone " +
    "good bad idea fine ok okay best way " +
    // Words every entry shares: they only add noise.
    "customer io customerio cio await const let var async function return true false null undefined void " +
    "req res err error"
  ).split(/\s+/),
);

/** Multi-word expressions and spellings folded into one term before splitting. */
const PHRASES: ReadonlyArray<[RegExp, string | ((match: string) => string)]> = [
  [/\b\d+(?:\.\d+)?\s?ms\b/g, " latency "],
  [/\brate[\s_-]*limit\w*/g, " ratelimit "],
  [/\btoo[\s-]many[\s-]requests\b/g, " ratelimit "],
  [/\b(?:requests?|calls?|req)?[\s/-]*per[\s-]sec(?:ond)?s?\b/g, " ratelimit "],
  [/\b\d+\s*(?:req|requests|rps)\s*\/\s*s(?:ec)?\b/g, " ratelimit "],
  [/\bkeep[\s-]?alive\b/g, " keepalive "],
  [/\bsocket[\s-]hang[\s-]?up\b/g, " socket "],
  [/\bpersonal(?:ly)?[\s-]+(?:identifiable[\s-]+)?(?:data|information|info|details)\b/g, " pii "],
  [/\bright[\s-]to[\s-](?:be[\s-])?forgotten\b/g, " gdpr "],
  [/\b(?:hard|soft)[\s-]?bounce/g, " bounce "],
  [/\b(?:a|another|the)\s+second\s+(?:profile|person|people|account|record|user|customer|copy|entry)\b/g, " duplicate profile "],
  [/\bsign(?:ed|ing|s)?[\s_-]?ups?\b/g, " signup "],
  [/\bnew[\s-](?:users?|accounts?|customers?)\b/g, " signup "],
  [/\bfire[\s-]and[\s-]forget\b/g, " fireforget "],
  [/\be-mails?\b/g, " email "],
  [/\bemail(?:\s+address)?\s+as\s+(?:the\s+|their\s+|an?\s+)?(?:(?:user|customer|person|profile)(?:'s)?[\s_-]?)?(?:id|identifier|key)\b/g, " emailasid userid "],
  [/\b(?:user|customer|person|people|profile)(?:'s)?[\s_-]?ids?\b/g, " userid "],
  [/\bsite[\s_-]?ids?\b/g, " siteid "],
  [/\bapi[\s_-]?keys?\b/g, " key "],
  [/\b(?:per|every|each)[\s-](?:single[\s-])?(?:request|call|invocation)s?\b/g, " perrequest "],
  [/\bcase[\s-]?(?:in)?sensitiv\w*/g, " casing "],
  [/\b(?:camel|pascal|snake|kebab|title)[\s_-]?case\b/g, " casing "],
  [/\bevent[\s_-]?names?\b/g, " eventname "],
  [/\bsender[\s-]reputation\b/g, " reputation "],
  [/\btim(?:e|ed|es|ing)[\s-]?outs?\b/g, " timeout "],
  [/\b(?:1\d{12}|\d{14,16})\b/g, " msepoch "],
  [/\b1\d{9}\b/g, " epoch "],
  [/\byears?\s+[1-9]\d?,?\d{3,4}\b/g, (m: string) => (Number(m.replace(/\D/g, "")) > 2200 ? " farfuture " : m)],
  [/\bthousands? of years\b/g, " farfuture "],
  // Bounded and anchored so a long run of word characters stays linear.
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,253}/g, " email "],
];

/** Groups of words that mean the same thing to the person searching; the first is the term kept. */
const SYNONYM_GROUPS: readonly string[][] = [
  ["millisecond", "ms", "millis", "msec", "msepoch"],
  ["epoch", "unix", "posix"],
  ["farfuture", "future"],
  ["unauthorized", "401", "unauthorised", "unauthenticated", "authentication", "auth", "authorization", "authenticate", "authorize"],
  ["key", "token", "apikey", "secret", "credential"],
  ["email", "mail", "emailaddress", "inbox"],
  ["duplicate", "dupe", "dup", "duplicated", "double", "twice"],
  ["slow", "latency", "lag", "laggy", "sluggish", "slowdown", "slower"],
  ["ratelimit", "429", "throttle", "throttled", "throttling", "throttl"],
  ["pii", "gdpr", "ccpa", "privacy", "erasure", "sensitive"],
  ["bounce", "bounced", "bouncing", "nondelivery", "ndr"],
  ["spam", "spammed", "complaint", "complain", "junk"],
  ["connection", "socket", "keepalive", "tcp", "tls", "handshake", "econnreset", "emfile"],
  ["userid", "identifier", "uid"],
  ["campaign", "journey", "workflow", "automation"],
  ["signup", "register", "registration", "onboard", "onboarding", "welcome"],
  ["casing", "capitalization", "capitalisation", "capitalized", "capitalised", "uppercase", "lowercase", "capital", "camelcase", "pascalcase", "snakecase", "kebabcase"],
  ["bulk", "backfill", "import", "mass", "migration", "migrate"],
  ["orphan", "orphaned", "lost", "disappear", "vanish"],
  ["singleton", "reuse"],
  ["cardinality", "huge", "enormous", "explosion", "explode", "bloat", "clutter", "pollute", "sprawl", "proliferation"],
  ["instantiate", "instance", "constructor", "initialize", "initialise", "init"],
  ["fireforget", "background", "nonblocking"],
  ["timeout", "504"],
  ["outage", "incident", "downtime"],
  ["reputation", "deliverability"],
  ["webhook", "callback"],
  ["suppress", "suppression", "suppressed", "suppressing"],
  ["trigger", "fire", "fires", "fired", "firing"],
  ["environment", "env", "dotenv"],
  ["change", "edit", "modify", "rename", "switch"],
];

/** Porter-style suffix stripping, small and deterministic. */
export function stem(word: string): string {
  let w = word;
  if (/\d/.test(w)) return w;
  if (w.length === 3 && /[^su]s$/.test(w)) return w.slice(0, -1);
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);

  const hasVowel = (s: string) => /[aeiouy]/.test(s);
  const undouble = (s: string) => (/([^aeiouylsz])\1$/.test(s) ? s.slice(0, -1) : s);
  if (w.endsWith("ied") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("eed")) {
    /* "speed", "need": not a past tense */
  } else if (w.endsWith("ed") && w.length >= 4 && hasVowel(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ing") && w.length >= 5 && hasVowel(w.slice(0, -3))) w = undouble(w.slice(0, -3));

  if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

let synonymMap: Map<string, string> | undefined;
function synonyms(): Map<string, string> {
  if (synonymMap) return synonymMap;
  synonymMap = new Map();
  for (const group of SYNONYM_GROUPS) {
    const canonical = stem(group[0]!);
    for (const word of group) synonymMap.set(stem(word), canonical);
  }
  return synonymMap;
}

/** Adds the parts of camelCase and snake_case identifiers next to the whole. */
function splitIdentifiers(text: string): string {
  return text
    .replace(/\b[A-Za-z0-9]*[a-z0-9][A-Z][A-Za-z0-9]*\b/g, (m) => `${m} ${m.replace(/([a-z0-9])([A-Z])/g, "$1 $2")}`)
    .replace(/\b\w+_\w+\b/g, (m) => `${m} ${m.replace(/_+/g, " ")}`);
}

/**
 * Text → search terms: identifiers split, phrases folded, lower-cased,
 * stop words dropped, stemmed and mapped to a synonym group's term.
 */
export function tokenize(text: string): string[] {
  let s = text.normalize("NFKC").replace(/(\d),(\d{3})\b/g, "$1$2");
  s = splitIdentifiers(s).toLowerCase();
  for (const [pattern, replacement] of PHRASES) {
    s = typeof replacement === "string" ? s.replace(pattern, replacement) : s.replace(pattern, replacement);
  }
  const map = synonyms();
  const out: string[] = [];
  for (const raw of s.split(/[^a-z0-9_]+/)) {
    const word = raw.replace(/^_+|_+$/g, "");
    // One- and two-digit numbers (days, counts) say nothing about the problem.
    if (word.length < 2 || STOPWORDS.has(word) || /^\d{1,2}$/.test(word)) continue;
    const stemmed = stem(word);
    if (STOPWORDS.has(stemmed)) continue;
    out.push(map.get(stemmed) ?? map.get(word) ?? stemmed);
  }
  return out;
}

// ---------------------------------------------------------------------------
// BM25F

export interface Bm25Field<T> {
  name: string;
  /** How much a match in this field counts relative to others. */
  weight: number;
  text(doc: T): string;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  tokenize?: (text: string) => string[];
}

export interface Bm25Hit<T> {
  doc: T;
  index: number;
  score: number;
}

/**
 * BM25F: each field's term frequency is length-normalised and weighted,
 * summed, then saturated once, so a term repeated across fields is not
 * counted as several independent matches.
 */
export class Bm25Index<T> {
  private readonly k1: number;
  private readonly b: number;
  private readonly tokenizer: (text: string) => string[];
  /** termFreq[doc][field]: term → count. */
  private readonly termFreq: Array<Array<Map<string, number>>>;
  private readonly fieldLength: number[][];
  private readonly avgFieldLength: number[];
  private readonly docFreq = new Map<string, number>();

  constructor(
    readonly docs: readonly T[],
    private readonly fields: readonly Bm25Field<T>[],
    options: Bm25Options = {},
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.tokenizer = options.tokenize ?? tokenize;
    this.termFreq = docs.map((doc) =>
      fields.map((field) => {
        const counts = new Map<string, number>();
        for (const term of this.tokenizer(field.text(doc))) counts.set(term, (counts.get(term) ?? 0) + 1);
        return counts;
      }),
    );
    this.fieldLength = this.termFreq.map((perField) => perField.map((counts) => sum(counts.values())));
    this.avgFieldLength = fields.map((_, f) => Math.max(1, sum(this.fieldLength.map((lengths) => lengths[f]!)) / Math.max(1, docs.length)));
    for (const perField of this.termFreq) {
      const seen = new Set<string>();
      for (const counts of perField) for (const term of counts.keys()) seen.add(term);
      for (const term of seen) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
    }
  }

  /** Inverse document frequency, never negative. */
  idf(term: string): number {
    const n = this.docs.length;
    const df = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether any document contains the term. */
  has(term: string): boolean {
    return this.docFreq.has(term);
  }

  /** One score per document, in document order. */
  scores(query: string | readonly string[]): number[] {
    const terms = [...new Set(typeof query === "string" ? this.tokenizer(query) : query)].filter((t) => this.docFreq.has(t));
    return this.termFreq.map((perField, d) => {
      let score = 0;
      for (const term of terms) {
        let tf = 0;
        perField.forEach((counts, f) => {
          const count = counts.get(term);
          if (!count) return;
          const norm = 1 - this.b + (this.b * this.fieldLength[d]![f]!) / this.avgFieldLength[f]!;
          tf += (this.fields[f]!.weight * count) / norm;
        });
        if (tf > 0) score += (this.idf(term) * tf * (this.k1 + 1)) / (tf + this.k1);
      }
      return score;
    });
  }

  /** Which query terms a document matches, and in which fields. */
  explain(query: string | readonly string[], docIndex: number): Array<{ term: string; fields: string[] }> {
    const terms = [...new Set(typeof query === "string" ? this.tokenizer(query) : query)];
    const perField = this.termFreq[docIndex] ?? [];
    return terms
      .map((term) => ({ term, fields: this.fields.filter((_, f) => perField[f]?.has(term)).map((f) => f.name) }))
      .filter((m) => m.fields.length > 0);
  }

  /** Documents with a positive score, best first. */
  search(query: string | readonly string[], limit = this.docs.length): Array<Bm25Hit<T>> {
    return this.scores(query)
      .map((score, index) => ({ doc: this.docs[index]!, index, score }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit);
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

// ---------------------------------------------------------------------------
// Code features

export interface CodeSignal {
  pitfall: number;
  /** 0–1: how strongly the snippet shows this pitfall. */
  weight: number;
  reason: string;
}

const STRONG = 1;
const MEDIUM = 0.6;
const WEAK = 0.3;

/** True when the text reads as source code rather than prose. */
export function looksLikeCode(text: string): boolean {
  const hints = [
    /[;{}]\s*$/m,
    /=>/,
    /\b(?:await|const|let|var|function|import|export|return)\b/,
    /\b\w+\.\w+\s*\(/,
    /\bnew\s+[A-Z]\w*\s*\(/,
    /\{\s*\w{1,60}\s*:\s*[^}]{0,500}\}/,
    /\b\w{1,60}\s*\([^)]{0,500}\)\s*[;{]/,
    /^\s*(?:def|class|func|package)\s/m,
  ];
  return hints.filter((h) => h.test(text)).length >= 2;
}

/** The text between a call's parentheses, skipping strings and nested brackets. */
function callArguments(src: string, openParen: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = openParen; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return src.slice(openParen + 1, i);
    }
  }
  return src.slice(openParen + 1);
}

/** Calls, loops and constructors examined per snippet: enough for any real paste, bounded for huge ones. */
const MAX_MATCHES = 50;

interface Call {
  method: string;
  at: number;
  args: string;
}

function findCalls(src: string, methods: RegExp): Call[] {
  const out: Call[] = [];
  const re = new RegExp(`\\.(${methods.source})\\s*\\(`, "g");
  for (const m of src.matchAll(re)) {
    if (out.length >= MAX_MATCHES) break;
    const open = m.index! + m[0].length - 1;
    out.push({ method: m[1]!, at: m.index!, args: callArguments(src, open) });
  }
  return out;
}

/** Splits top-level arguments on commas. */
function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(args.slice(start).trim());
  return parts.filter((p) => p !== "");
}

/** Block depth at a position: how many braces are open there (strings skipped). */
function braceDepth(src: string, position: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < position && i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** The event name expression of a track call: `name: …` in the object, or a string second argument. */
function eventNameExpression(call: Call): string | undefined {
  const named = /\bname\s*:\s*((?:`[^`]*`|"[^"]*"|'[^']*'|[^,}\n])+)/.exec(call.args);
  if (named) return named[1]!.trim();
  const second = splitArguments(call.args)[1];
  if (second && /^["'`]/.test(second)) return second;
  return undefined;
}

const PERSONAL_FIELD = /\b\w*(?:email|e_mail|phone|mobile|first_?name|last_?name|full_?name|fullname|surname|address|ssn|birth|dob)\w*\b/i;

type NameStyle = "snake" | "kebab" | "spaces" | "pascal" | "camel" | "dotted";

function nameStyle(name: string): NameStyle | undefined {
  if (/\s/.test(name.trim())) return "spaces";
  if (name.includes("-")) return "kebab";
  if (name.includes("_")) return "snake";
  if (name.includes(".")) return "dotted";
  if (/^[A-Z][a-z0-9]+[A-Z]/.test(name)) return "pascal";
  if (/^[a-z][a-z0-9]*[A-Z]/.test(name)) return "camel";
  return undefined;
}

/** Identifier-like event names in prose: snake_case, kebab-case, PascalCase, camelCase. */
function proseEventNames(text: string): string[] {
  const names: string[] = text.match(/\b(?:[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)\b/g) ?? [];
  // Short quoted phrases are names too ('Order Placed').
  for (const m of text.matchAll(/(["'‘“])([A-Za-z][\w .-]{1,38}[A-Za-z0-9])(?:["'’”])/g)) names.push(m[2]!);
  return names.filter((n) => !/^(?:created_at|customer_id|user_id|anonymous_id|cio_id|e-mail|site_id|api_key|first_name|last_name)$/i.test(n));
}

/** The code a loop repeats: a for/while block or the callback of forEach/map. */
function loopBodies(src: string): string[] {
  const bodies: string[] = [];
  for (const m of src.matchAll(/\.(?:forEach|map|flatMap)\s*\(/g)) {
    if (bodies.length >= MAX_MATCHES) return bodies;
    bodies.push(callArguments(src, m.index! + m[0].length - 1));
  }
  for (const m of src.matchAll(/\b(?:for|while)\s*(?:await\s*)?\(/g)) {
    if (bodies.length >= 2 * MAX_MATCHES) return bodies;
    const open = m.index! + m[0].length - 1;
    const head = callArguments(src, open);
    const after = open + head.length + 2;
    const rest = src.slice(after);
    const brace = /^\s*\{/.exec(rest);
    // A braced body, or the single statement that follows the loop head.
    bodies.push(brace ? callArguments(src, after + brace[0].length - 1) : (rest.split(/;|\n/)[0] ?? ""));
  }
  return bodies;
}

const CLIENT_CALLS = /track|trackAnonymous|trackPageView|identify|sendEmail|sendPush|sendSMS|batch|suppress/;
const LIMITER = /bottleneck|p-?queue|\bqueue\b|p-?limit|\blimit\s*\(|\.schedule\s*\(|limiter|throttl|ratelimit|rate_limit|sleep\(|settimeout|delay\(|\.batch\s*\(|chunk/i;

/**
 * Pitfalls a snippet (or an error text) shows, from its structure rather than
 * its words. Prose is checked only for the few features that make sense there.
 */
export function codeSignals(query: string): CodeSignal[] {
  const out: CodeSignal[] = [];
  const add = (pitfall: number, weight: number, reason: string) => out.push({ pitfall, weight, reason });
  const src = query;
  const code = looksLikeCode(src);

  // Values and names that mean something even in prose.
  if (/\b1\d{12}\b/.test(src)) add(2, STRONG, "a 13-digit Unix time is in milliseconds");
  const year = /\byears?\s+(\d{1,3}(?:,\d{3})+|\d{4,6})\b/i.exec(src);
  if (year && Number(year[1]!.replace(/,/g, "")) > 2200) add(2, STRONG, "a date thousands of years ahead comes from milliseconds read as seconds");
  const variants = new Map<string, Set<string>>();
  for (const name of code ? [] : proseEventNames(src)) {
    const key = name.toLowerCase().replace(/[\s_.-]+/g, "");
    if (!variants.has(key)) variants.set(key, new Set());
    variants.get(key)!.add(name);
  }
  if ([...variants.values()].some((v) => v.size > 1)) add(10, STRONG, "the same event name is spelled two ways");
  const EMAIL = String.raw`(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,253}`;
  const ID = String.raw`\b(?:ids?|identifiers?|customer[_ ]id|user[_ ]id|person[_ ]id)\b`;
  if (new RegExp(`${ID}[^.\\n]{0,60}${EMAIL}|${EMAIL}[^.\\n]{0,30}(?:as (?:the |their |an? )?)${ID}`, "i").test(src)) {
    add(4, MEDIUM, "an email address is used as the person's id");
  }

  if (!code) return out;

  const identifies = findCalls(src, /identify/);
  const tracks = findCalls(src, /track|trackAnonymous|trackPageView/);

  // 1: the wrong key for the client.
  const apiClientArgs = /new\s+APIClient\s*\(\s*([^,)]*)/.exec(src)?.[1];
  if (apiClientArgs && /track|site/i.test(apiClientArgs)) add(1, STRONG, "APIClient is given the Track API key");
  const trackClientArgs = /new\s+TrackClient\s*\(([^)]*)\)/.exec(src)?.[1];
  if (trackClientArgs && /app[_-]?(?:api[_-]?)?key/i.test(trackClientArgs)) add(1, STRONG, "TrackClient is given the App API key");
  if (/Bearer[^\n]*track/i.test(src)) add(1, STRONG, "a Bearer header built from the Track key");
  if (/Basic[^\n]*app[_-]?(?:api[_-]?)?key/i.test(src)) add(1, STRONG, "a Basic header built from the App API key");
  if (/new\s+TrackClient[\s\S]*\.send(?:Email|Push|SMS)\s*\(/.test(src)) add(1, MEDIUM, "transactional sends go through APIClient with the App API key");

  // 2: milliseconds where seconds belong.
  const msSource = String.raw`(?:Date\.now\(\)|\+\s*new\s+Date\([^)]*\)|new\s+Date\([^)]*\)\.(?:getTime|valueOf)\(\)|[\w.]+\.(?:getTime|valueOf)\(\)|Date\.parse\([^)]*\))`;
  const dateField = new RegExp(String.raw`(?:created_at|timestamp|_at|At|time|date)["']?\s*[:=]\s*${msSource}(?!\s*\/\s*(?:1000|1e3|1_000))`, "i");
  if (dateField.test(src)) add(2, STRONG, "a date field gets milliseconds (no / 1000)");
  else if (new RegExp(`${msSource}(?!\\s*\\/\\s*(?:1000|1e3|1_000))`).test(src) && (identifies.length || tracks.length)) {
    add(2, MEDIUM, "a millisecond clock value reaches a Customer.io call");
  }

  // 3: track before identify.
  const firstIdentify = identifies[0]?.at;
  const firstTrack = tracks[0]?.at;
  if (firstTrack !== undefined && firstIdentify !== undefined) {
    const parallel = /Promise\.(?:all|allSettled)\s*\(\s*\[[^\]]*\.track\w*\s*\([\s\S]*?\]/.test(src) && /Promise\.(?:all|allSettled)\s*\(\s*\[[\s\S]*\.identify\s*\(/.test(src);
    if (firstTrack < firstIdentify) add(3, STRONG, "track() runs before identify()");
    else if (parallel) add(3, STRONG, "track() and identify() run in parallel");
  } else if (firstTrack !== undefined && /sign.?up|register|onboard|create\w*user|new.?user/i.test(src)) {
    add(3, MEDIUM, "a signup flow tracks without identifying");
  }

  // 4 and 5: what identify() is given.
  for (const call of identifies) {
    const [id, attrs] = splitArguments(call.args);
    if (id && (/^["'`][^"'`]*@/.test(id) || /e_?mail/i.test(id))) add(4, STRONG, "identify() is keyed by an email address");
    else if (id && /^\w+$/.test(id)) {
      const assigned = new RegExp(`\\b${id}\\s*=\\s*[\\w.]*e_?mail`, "i");
      if (assigned.test(src)) add(4, STRONG, "the identify() id is assigned from an email");
    }
    if (attrs && attrs.startsWith("{") && !/e_?mail/i.test(attrs)) add(5, MEDIUM, "identify() attributes have no email");
  }
  if (/\bid\s*:\s*[\w.]*\.e_?mail\b/i.test(src)) add(4, MEDIUM, "an id field holds an email");

  // 6 and 12: what the event name is built from.
  for (const call of tracks) {
    const expr = eventNameExpression(call);
    if (!expr) continue;
    const interpolated = [...expr.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!);
    const concatenated = /^["'][^"']*["']\s*\+|\+\s*["']/.test(expr) || (!/^["'`]/.test(expr) && /\+/.test(expr));
    const parts = concatenated ? [expr.replace(/["'][^"']*["']/g, "")] : interpolated;
    if (/@/.test(expr)) add(12, STRONG, "an event name contains an email address");
    if (parts.length === 0) continue;
    if (parts.some((p) => PERSONAL_FIELD.test(p))) {
      add(12, STRONG, "an event name is built from personal data");
      add(6, MEDIUM, "an event name is built at run time");
    } else add(6, STRONG, "an event name is built at run time");
  }

  // 7: awaiting Customer.io inside a request handler.
  const routeHandler =
    /\b(?:app|router|server|fastify|route|r)\.(?:get|post|put|patch|delete|all|route)\s*\(/.test(src) ||
    /\(\s*req\s*(?::\s*\w+)?\s*,\s*res\b/.test(src) ||
    /export\s+(?:default\s+)?async\s+function\s+(?:handler|GET|POST|PUT|PATCH|DELETE)\b/.test(src) ||
    /\bres\.(?:json|send|status|end)\s*\(/.test(src) ||
    /NextResponse|@(?:Post|Get)\(/.test(src);
  const awaited = new RegExp(`await\\s+[\\w.]+\\.(?:${CLIENT_CALLS.source})\\s*\\(`).test(src);
  if (routeHandler && awaited && !/\.suppress\s*\(/.test(src)) add(7, STRONG, "a request handler awaits Customer.io before responding");

  // 8: bounces.
  if (/\.suppress\s*\(/.test(src)) add(8, STRONG, "suppress() deletes the person; a bounce needs a different response");
  if (/bounced?|spammed|complain|undeliverable/i.test(src)) add(8, STRONG, "the code deals with bounces or complaints");
  else if (/webhook/i.test(src) && /metric/.test(src)) add(8, MEDIUM, "a reporting webhook handler");

  // 9: a client built per call.
  for (const [k, m] of [...src.matchAll(/new\s+(?:TrackClient|APIClient|CustomerIO|CIO)\s*\(/g)].entries()) {
    if (k >= MAX_MATCHES) break;
    const before = src.slice(Math.max(0, m.index! - 40), m.index!);
    if (braceDepth(src, m.index!) > 0 || /=>\s*\(?\s*$/.test(before) || /\breturn\s+$/.test(before)) {
      add(9, STRONG, "a Customer.io client is created inside a function");
      break;
    }
  }

  // 10: several naming styles for event names.
  const names = [
    ...[...src.matchAll(/\bname\s*:\s*(["'])([^"'`$]+)\1/g)].map((m) => m[2]!),
    ...tracks.map((c) => splitArguments(c.args)[1]).filter((a): a is string => !!a && /^["'][^"'`$]+["']$/.test(a)).map((a) => a.slice(1, -1)),
  ];
  const styles = new Set(names.map(nameStyle).filter((s): s is NameStyle => !!s));
  const keys = new Map<string, Set<string>>();
  for (const n of names) {
    const key = n.toLowerCase().replace(/[\s_.-]+/g, "");
    if (!keys.has(key)) keys.set(key, new Set());
    keys.get(key)!.add(n);
  }
  if (styles.size > 1 || [...keys.values()].some((v) => v.size > 1)) add(10, STRONG, "event names use different naming styles");
  else if (styles.has("pascal") || styles.has("spaces") || styles.has("camel")) add(10, WEAK, "event names are not snake_case");

  // 11: calls in a loop with nothing pacing them.
  const clientCall = new RegExp(`\\.(?:${CLIENT_CALLS.source})\\s*\\(`);
  if (loopBodies(src).some((body) => clientCall.test(body)) && !LIMITER.test(src)) {
    add(11, STRONG, "Customer.io calls in a loop with no rate limiting");
  }

  // A handler that awaits is the setting, not the problem, when the snippet shows a more specific one.
  const specific = out.some((s) => s.weight === STRONG && s.pitfall !== 7);
  return specific ? out.map((s) => (s.pitfall === 7 ? { ...s, weight: MEDIUM } : s)) : out;
}

// ---------------------------------------------------------------------------
// Pitfall search

export interface PitfallHit {
  pitfall: Pitfall;
  score: number;
  /** What in the query pointed at this pitfall (code features), if anything. */
  reasons: string[];
}

/** Drops import lines: module names say nothing about the problem. */
const codeText = (code: string) => code.replace(/^\s*import\s.*$/gm, "");

const PITFALL_FIELDS: ReadonlyArray<Bm25Field<Pitfall>> = [
  { name: "title", weight: 3, text: (p) => p.title },
  { name: "keywords", weight: 2.5, text: (p) => p.keywords.join(" . ") },
  { name: "fix", weight: 1.5, text: (p) => p.fix },
  { name: "why", weight: 1, text: (p) => p.why },
  { name: "detect", weight: 1.2, text: (p) => `${p.detect.in_code} ${p.detect.in_live_data}` },
  { name: "wrong", weight: 0.8, text: (p) => codeText(p.wrong) },
  { name: "correct", weight: 0.3, text: (p) => codeText(p.correct) },
];

/** Fields whose match alone is evidence enough (prose fields need two terms). */
const STRONG_FIELDS = new Set(["title", "keywords", "fix"]);
/** Points a full-strength code feature adds to a pitfall's text score. */
const SIGNAL_POINTS = 8;
/** Code is full of shared words (track, identify): its text match counts less. */
const CODE_TEXT_FACTOR = 0.5;
/** Below this nothing is relevant enough to show. */
export const MIN_PITFALL_SCORE = 2;
/** Results far below the best one are noise. */
const RELATIVE_CUTOFF = 0.15;

let pitfallIndex: Bm25Index<Pitfall> | undefined;
const index = () => (pitfallIndex ??= new Bm25Index(PITFALLS, PITFALL_FIELDS));

/**
 * The pitfalls a symptom, error text or code snippet points to, best first.
 * Empty when nothing is relevant (gibberish, or unrelated text).
 */
export function searchPitfalls(query: string, limit: number = 3): PitfallHit[] {
  const text = query.trim();
  if (!text) return [];
  const code = looksLikeCode(text);
  const terms = tokenize(code ? codeText(text) : text);
  const textScores = index().scores(terms);
  const signals = codeSignals(text);

  // One rare word found only in prose (a stem collision) is not evidence; a keyword, the title or two terms are.
  const hasEvidence = (i: number) => {
    const matched = index().explain(terms, i);
    return matched.length >= 2 || matched.some((m) => m.fields.some((f) => STRONG_FIELDS.has(f)));
  };

  const hits = PITFALLS.map((pitfall, i) => {
    const mine = signals.filter((s) => s.pitfall === pitfall.number);
    // The strongest signal counts in full, further ones add a little.
    const weights = mine.map((s) => s.weight).sort((a, b) => b - a);
    const signalScore = weights.reduce((acc, w, k) => acc + (k === 0 ? w : w * 0.25), 0) * SIGNAL_POINTS;
    const textScore = mine.length > 0 || hasEvidence(i) ? textScores[i]! : 0;
    const score = textScore * (code ? CODE_TEXT_FACTOR : 1) + signalScore;
    return { pitfall, score: Math.round(score * 1000) / 1000, reasons: [...new Set(mine.map((s) => s.reason))] };
  });

  const best = Math.max(0, ...hits.map((h) => h.score));
  if (best < MIN_PITFALL_SCORE) return [];
  return hits
    .filter((h) => h.score >= MIN_PITFALL_SCORE && h.score >= best * RELATIVE_CUTOFF)
    .sort((a, b) => b.score - a.score || a.pitfall.number - b.pitfall.number)
    .slice(0, Math.max(0, limit));
}
