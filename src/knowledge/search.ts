/**
 * Ranked retrieval over the knowledge base: BM25F over weighted fields, a
 * small stemmer, a synonym map for the words people use for the same
 * problem, and code features that recognise the pitfalls in pasted snippets.
 * Nothing is built at import time; the pitfall index is made on first use.
 */
import { eventNameConvention, findPersonalData, isPersonalFieldName, normalizeEventName, type EventNameConvention } from "../domain/index.js";
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

/**
 * Words for the kinds of personal data the domain module finds (SSN, card
 * number, phone) and their neighbours: a query naming one is about personal data.
 * Fixed alternations with bounded separators, so the scan is linear.
 */
const PERSONAL_DATA_KINDS =
  /\b(?:social[\s-]{1,3}security(?:[\s-]{1,3}(?:numbers?|nos?))?|ssns?|national[\s-]{1,3}insurance(?:[\s-]{1,3}numbers?)?|passport[\s-]{1,3}(?:numbers?|nos?)|(?:credit|debit)[\s-]{0,3}cards?(?:[\s-]{1,3}numbers?)?|card[\s-]{1,3}numbers?|dates?[\s-]{1,3}of[\s-]{1,3}birth|birth[\s-]{0,3}dates?|tax[\s-]{1,3}ids?|home[\s-]{1,3}address(?:es)?|phone[\s-]{1,3}numbers?)\b/g;

/** Prose that talks about event names. */
const EVENT_NAME_WORDS = /\bevent[\s_-]{0,3}names?\b|\bnames?[\s-]{1,3}of[\s-]{1,3}(?:the[\s-]{1,3}|our[\s-]{1,3})?events?\b/i;
/** Prose that talks about personal data: its kinds, the laws about it, or the person's address, phone and name. */
const PERSONAL_DATA_WORDS = new RegExp(
  String.raw`${PERSONAL_DATA_KINDS.source}|\b(?:pii|gdpr|ccpa|personal(?:ly)?[\s-]{1,3}(?:identifiable[\s-]{1,3})?(?:data|information|info|details)|e-?mail[\s-]{1,3}address(?:es)?|phones?|full[\s-]{1,3}names?|(?:people|person|customer|user)(?:'s|s'|s)?[\s-]{1,3}(?:real[\s-]{1,3})?names?)\b`,
  "i",
);

/** Multi-word expressions and spellings folded into one term before splitting. */
const PHRASES: ReadonlyArray<[RegExp, string | ((match: string) => string)]> = [
  [/\b\d+(?:\.\d+)?\s?ms\b/g, " latency "],
  [/\brate[\s_-]*limit\w*/g, " ratelimit "],
  [/\btoo[\s-]many[\s-]requests\b/g, " ratelimit "],
  [/\b(?:requests?|calls?|req)?[\s/-]{0,3}per[\s-]sec(?:ond)?s?\b/g, " ratelimit "],
  [/\b\d+\s*(?:req|requests|rps)\s*\/\s*s(?:ec)?\b/g, " ratelimit "],
  [/\bkeep[\s-]?alive\b/g, " keepalive "],
  [/\bsocket[\s-]hang[\s-]?up\b/g, " socket "],
  [/\bpersonal(?:ly)?[\s-]{1,3}(?:identifiable[\s-]{1,3})?(?:data|information|info|details)\b/g, " pii "],
  [/\bright[\s-]to[\s-](?:be[\s-])?forgotten\b/g, " gdpr "],
  // Kinds of personal data that are never anything else: an SSN, a card number, a date of birth.
  [PERSONAL_DATA_KINDS, " pii "],
  [/\b(?:hard|soft)[\s-]?bounce/g, " bounce "],
  [/\b(?:a|another|the)\s{1,3}second\s{1,3}(?:profile|person|people|account|record|user|customer|copy|entry)\b/g, " duplicate profile "],
  [/\bsign(?:ed|ing|s)?[\s_-]?ups?\b/g, " signup "],
  [/\bnew[\s-](?:users?|accounts?|customers?)\b/g, " signup "],
  [/\bfire[\s-]and[\s-]forget\b/g, " fireforget "],
  [/\be-mails?\b/g, " email "],
  [/\bemail(?:\s{1,3}address)?\s{1,3}as\s{1,3}(?:the\s{1,3}|their\s{1,3}|an?\s{1,3})?(?:(?:user|customer|person|profile)(?:'s)?[\s_-]?)?(?:id|identifier|key)\b/g, " emailasid userid "],
  [/\b(?:user|customer|person|people|profile)(?:'s)?[\s_-]?ids?\b/g, " userid "],
  [/\bsite[\s_-]?ids?\b/g, " siteid "],
  [/\bapi[\s_-]?keys?\b/g, " key "],
  [/\b(?:per|every|each)[\s-](?:single[\s-])?(?:request|call|invocation)s?\b/g, " perrequest "],
  [/\bcase[\s-]?(?:in)?sensitiv\w*/g, " casing "],
  [/\b(?:camel|pascal|snake|kebab|title)[\s_-]?case\b/g, " casing "],
  [/\bevent[\s_-]?names?\b/g, " eventname "],
  [/\bevents?[\s_-]nam(?:ed|ing)\b/g, " eventname "],
  [/\bsender[\s-]reputation\b/g, " reputation "],
  [/\btim(?:e|ed|es|ing)[\s-]?outs?\b/g, " timeout "],
  [/\b(?:1\d{12}|\d{14,16})\b/g, " msepoch "],
  [/\b1\d{9}\b/g, " epoch "],
  [/\byears?\s{1,3}[1-9]\d?,?\d{3,4}\b/g, (m: string) => (Number(m.replace(/\D/g, "")) > 2200 ? " farfuture " : m)],
  [/\bthousands? of years\b/g, " farfuture "],
  // The Pipelines API and its silent drop (a 200 for a request it discards unless X-Strict-Mode: 1).
  [/\bx[\s-]?strict[\s-]?mode\b/g, " strictmode "],
  [/\bcdp(?:-eu)?\.customer\.io\b/g, " pipelines cdp "],
  [/\bsilent(?:ly)?[\s-]{1,3}(?:drop|discard|ignor|lost|swallow)\w{0,4}/g, " silentdrop "],
  [/\b(?:drop|discard|ignor|swallow)\w{0,4}[\s-]{1,3}silent(?:ly)?\b/g, " silentdrop "],
  // Bounded and anchored so a long run of word characters stays linear.
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,253}/g, " email "],
];

/**
 * For each of PHRASES, in order: words of which the text must hold at least
 * one for the pattern to match at all ("digit": a digit), so the pattern is
 * only run when it can match. Each list is a literal every alternative of
 * the pattern contains; the text is lower-cased first, as the patterns expect.
 */
const PHRASE_NEEDS: ReadonlyArray<readonly string[] | "digit"> = [
  ["ms"],
  ["rate"],
  ["many"],
  ["per"],
  ["/"],
  ["keep"],
  ["hang"],
  ["personal"],
  ["forgotten"],
  ["social", "ssn", "national", "passport", "card", "birth", "tax", "home", "phone"],
  ["bounce"],
  ["second"],
  ["sign"],
  ["new"],
  ["forget"],
  ["e-mail"],
  ["email"],
  ["id"],
  ["site"],
  ["api"],
  ["per", "every", "each"],
  ["sensitiv"],
  ["case"],
  ["event"],
  ["event"],
  ["reputation"],
  ["tim"],
  "digit",
  "digit",
  ["year"],
  ["thousand"],
  ["strict"],
  ["cdp"],
  ["silent"],
  ["silent"],
  ["@"],
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

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => isLower(c) || isUpper(c) || isDigit(c) || c === 95;

/**
 * Adds the parts of camelCase and snake_case identifiers next to the whole
 * (`TrackClient` → `TrackClient Track Client`). One pass by hand, so a
 * megabyte-long identifier costs no more than its length.
 */
function splitIdentifiers(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    if (!isWordChar(text.charCodeAt(i))) {
      while (i < text.length && !isWordChar(text.charCodeAt(i))) i++;
      out.push(text.slice(start, i));
      continue;
    }
    const parts: string[] = [];
    let partStart = i;
    let split = false;
    for (; i < text.length && isWordChar(text.charCodeAt(i)); i++) {
      const c = text.charCodeAt(i);
      if (c === 95) {
        if (i > partStart) parts.push(text.slice(partStart, i));
        partStart = i + 1;
        split = true;
      } else if (isUpper(c) && i > partStart && (isLower(text.charCodeAt(i - 1)) || isDigit(text.charCodeAt(i - 1)))) {
        parts.push(text.slice(partStart, i));
        partStart = i;
        split = true;
      }
    }
    if (i > partStart) parts.push(text.slice(partStart, i));
    const word = text.slice(start, i);
    out.push(split && parts.length > 1 ? `${word} ${parts.join(" ")}` : word);
  }
  return out.join("");
}

/** Strips leading and trailing underscores by hand (a regex `_+$` is quadratic on a long run). */
function trimUnderscores(word: string): string {
  let a = 0;
  let b = word.length;
  while (a < b && word.charCodeAt(a) === 95) a++;
  while (b > a && word.charCodeAt(b - 1) === 95) b--;
  return a === 0 && b === word.length ? word : word.slice(a, b);
}

/** Longest word stemmed and looked up; longer runs (base64, minified code) are not words. */
const MAX_WORD_CHARS = 64;

/**
 * Text → search terms: identifiers split, phrases folded, lower-cased,
 * stop words dropped, stemmed and mapped to a synonym group's term.
 * Linear in the text: every pattern is bounded or anchored.
 */
export function tokenize(text: string): string[] {
  let s = text.normalize("NFKC").replace(/(\d),(\d{3})\b/g, "$1$2");
  s = splitIdentifiers(s).toLowerCase();
  // No replacement adds a digit: a text without one never needs the digit patterns.
  const digits = /\d/.test(s);
  for (let i = 0; i < PHRASES.length; i++) {
    const [pattern, replacement] = PHRASES[i]!;
    const needs = PHRASE_NEEDS[i];
    if (needs === "digit" ? !digits : needs !== undefined && !needs.some((w) => s.includes(w))) continue;
    s = typeof replacement === "string" ? s.replace(pattern, replacement) : s.replace(pattern, replacement);
  }
  const map = synonyms();
  const out: string[] = [];
  for (const raw of s.split(/[^a-z0-9_]+/)) {
    if (raw.length > MAX_WORD_CHARS) continue;
    const word = trimUnderscores(raw);
    // One- and two-digit numbers (days, counts) say nothing about the problem.
    if (word.length < 2 || STOPWORDS.has(word) || /^\d{1,2}$/.test(word)) continue;
    const stemmed = stem(word);
    if (STOPWORDS.has(stemmed)) continue;
    out.push(map.get(stemmed) ?? map.get(word) ?? stemmed);
  }
  return out;
}

/** Terms of knowledge-base texts, tokenized once: the texts are constants, so the set of keys is fixed. */
const knowledgeTermCache = new Map<string, ReadonlySet<string>>();
/** Bounds the cache in case a caller ever passes something else. */
const MAX_KNOWLEDGE_TEXTS = 4096;

/**
 * The distinct terms of a text from the knowledge base (a pitfall's
 * sentence, a field), as `new Set(tokenize(text))`, computed on first use
 * and kept. Only for the knowledge base's own constant texts, never for a
 * query or any other input.
 */
export function knowledgeTerms(text: string): ReadonlySet<string> {
  let terms = knowledgeTermCache.get(text);
  if (!terms) {
    terms = new Set(tokenize(text));
    if (knowledgeTermCache.size < MAX_KNOWLEDGE_TEXTS) knowledgeTermCache.set(text, terms);
  }
  return terms;
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
  private readonly docFreq = new Map<string, number>();

  constructor(
    readonly docs: readonly T[],
    private readonly fields: readonly Bm25Field<T>[],
    options: Bm25Options = {},
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.tokenizer = options.tokenize ?? tokenize;
    // Only the summed per-document frequencies, the document frequencies and the idf outlive the
    // constructor: the per-field counts and lengths are garbage once they are folded in.
    /** termFreq[doc][field]: term → count. */
    const termFreq = docs.map((doc) =>
      fields.map((field) => {
        const counts = new Map<string, number>();
        for (const term of this.tokenizer(field.text(doc))) counts.set(term, (counts.get(term) ?? 0) + 1);
        return counts;
      }),
    );
    const fieldLength = termFreq.map((perField) => perField.map((counts) => sum(counts.values())));
    const avgFieldLength = fields.map((_, f) => Math.max(1, sum(fieldLength.map((lengths) => lengths[f]!)) / Math.max(1, docs.length)));
    for (const perField of termFreq) {
      const seen = new Set<string>();
      for (const counts of perField) for (const term of counts.keys()) seen.add(term);
      for (const term of seen) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
    }
    // Per document, each term's weighted, length-normalised frequency summed over the fields (in
    // field order, the same arithmetic as scoring it field by field) and the fields it is in: a
    // query then costs one lookup per term and document, not one per field.
    // The same few lists of field names recur for thousands of terms: each list is made once.
    const fieldLists = new Map<string, readonly string[]>();
    this.docTerms = termFreq.map((perField, d) => {
      const terms = new Map<string, { tf: number; fields: readonly string[] }>();
      for (const term of new Set(perField.flatMap((counts) => [...counts.keys()]))) {
        let tf = 0;
        const names: string[] = [];
        perField.forEach((counts, f) => {
          const count = counts.get(term);
          if (!count) return;
          const norm = 1 - this.b + (this.b * fieldLength[d]![f]!) / avgFieldLength[f]!;
          tf += (this.fields[f]!.weight * count) / norm;
          names.push(this.fields[f]!.name);
        });
        const key = names.join("\u0000");
        let list = fieldLists.get(key);
        if (!list) fieldLists.set(key, (list = Object.freeze(names)));
        terms.set(term, { tf, fields: list });
      }
      return terms;
    });
    for (const term of this.docFreq.keys()) this.idfOf.set(term, this.computeIdf(term));
  }

  /** docTerms[doc]: term → its summed field frequency and the fields holding it. */
  private readonly docTerms: Array<Map<string, { tf: number; fields: readonly string[] }>>;
  /** idf of every indexed term, computed once. */
  private readonly idfOf = new Map<string, number>();

  /** Inverse document frequency, never negative. */
  idf(term: string): number {
    return this.idfOf.get(term) ?? this.computeIdf(term);
  }

  private computeIdf(term: string): number {
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
    return this.docTerms.map((docTerms) => {
      let score = 0;
      for (const term of terms) {
        const tf = docTerms.get(term)?.tf ?? 0;
        if (tf > 0) score += (this.idf(term) * tf * (this.k1 + 1)) / (tf + this.k1);
      }
      return score;
    });
  }

  /** Which query terms a document matches, and in which fields. */
  explain(query: string | readonly string[], docIndex: number): Array<{ term: string; fields: string[] }> {
    const terms = [...new Set(typeof query === "string" ? this.tokenizer(query) : query)];
    const docTerms = this.docTerms[docIndex];
    const out: Array<{ term: string; fields: string[] }> = [];
    if (!docTerms) return out;
    for (const term of terms) {
      const hit = docTerms.get(term);
      if (hit) out.push({ term, fields: [...hit.fields] });
    }
    return out;
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
export function looksLikeCode(query: string): boolean {
  const text = query.length > MAX_ANALYSED_CHARS ? query.slice(0, MAX_ANALYSED_CHARS) : query;
  // Whitespace runs are bounded or kept on one line: `^\s*` under /m would rescan every blank line (quadratic).
  const hints = [
    /[;{}][ \t]{0,200}$/m,
    /=>/,
    /\b(?:await|const|let|var|function|import|export|return)\b/,
    /\b\w{1,80}\.\w{1,80}\s{0,20}\(/,
    /\bnew\s{1,20}[A-Z]\w{0,80}\s{0,20}\(/,
    /\{\s{0,200}\w{1,60}\s{0,20}:\s{0,20}[^}]{0,500}\}/,
    /\b\w{1,60}\s{0,20}\([^)]{0,500}\)\s{0,20}[;{]/,
    /^[ \t]{0,200}(?:def|class|func|package)\s/m,
    // A line that is one method call: `$customerio.track(id, "x")`, `cio.identify(id=1)`.
    /^[ \t]{0,40}[\w$.:]{1,80}\.\w{1,40}\s{0,5}\([^\n]{0,2000}\)[ \t]{0,40};?[ \t]{0,40}$/m,
    // A call whose arguments continue on indented lines (Ruby, Python, Go): `$customerio.identify(` then `  id: user.id,`.
    /^[ \t]{0,40}[\w$.:]{1,80}\s{0,5}\([ \t]{0,40}\r?\n[ \t]{1,40}\S/m,
    // An indented keyword or map argument on a line of its own: `  id: user.id,`, `    email=user.email,`, `\t"plan": plan,`.
    /^[ \t]{1,40}["']?[A-Za-z_]\w{0,40}["']?[ \t]{0,5}(?::|=>?)[ \t]{0,5}(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s=,"'][^\s,]{0,200}),[ \t]{0,40}\r?$/m,
    // A line that only closes a call or block: `)`, `})`, `end`.
    /^[ \t]{0,40}(?:[)\]}]{1,4}[ \t]{0,5}[;,]?|end)[ \t]{0,40}\r?$/m,
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
/** Characters of a query that are analysed; the rest of a huge paste is ignored. */
export const MAX_ANALYSED_CHARS = 20_000;

interface Call {
  method: string;
  at: number;
  args: string;
}

/**
 * Calls of the given methods (`.track(`, Go's `.Track(`), with their argument text.
 * The method pattern is a plain alternation of names, so the search is linear.
 */
function findCalls(src: string, methods: RegExp): Call[] {
  const out: Call[] = [];
  const re = new RegExp(`\\.(${methods.source})\\s{0,20}\\(`, "gi");
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

/** The value of `key: …` / `key=…` at the top level of a call's arguments (strings and brackets skipped). */
function keyedValue(args: string, keys: readonly string[]): string | undefined {
  for (const part of splitArguments(args.trim().startsWith("{") ? args.trim().slice(1, -1) : args)) {
    const m = /^["']?([A-Za-z_]\w{0,30})["']?\s{0,5}(?::|=>?)\s{0,5}/.exec(part);
    if (m && keys.includes(m[1]!)) return part.slice(m[0].length).trim();
  }
  return undefined;
}

/**
 * The event name expression of a track call: `name: …` (Node), `name=…`
 * (Python), `event: …` (Pipelines), or a string second argument (Ruby, Go,
 * the Node v1 form). The first argument, the id, is never the name.
 */
function eventNameExpression(call: Call): string | undefined {
  const args = splitArguments(call.args);
  for (const arg of args) {
    const inner = arg.startsWith("{") ? arg.slice(1, -1) : arg;
    const named = keyedValue(inner, ["name", "event"]);
    if (named) return named;
  }
  const second = args[1];
  if (second && /^(?:[fF]?["'`]|fmt\.Sprintf\s{0,5}\(|String\.format)/.test(second)) return second;
  return undefined;
}

/** Parts of a name expression that are computed: `${…}`, `#{…}`, f-string `{…}`, Sprintf/format arguments, concatenation. */
function computedParts(expr: string): string[] {
  const parts: string[] = [];
  const interpolations = /\$\{([^}]{0,200})\}|#\{([^}]{0,200})\}/g;
  for (const m of expr.matchAll(interpolations)) parts.push((m[1] ?? m[2])!);
  if (/^[fF]["']/.test(expr)) for (const m of expr.matchAll(/\{([^{}]{1,200})\}/g)) parts.push(m[1]!);
  const sprintf = /^(?:fmt\.Sprintf|String\.format)\s{0,5}\(/.exec(expr);
  if (sprintf) parts.push(...splitArguments(callArguments(expr, sprintf[0].length - 1)).slice(1));
  const format = /["']\s{0,5}(?:\.format\s{0,5}\(|%\s{0,5}[(\w])/.exec(expr);
  if (format) parts.push(expr.slice(format.index + 1));
  const withoutStrings = expr.replace(/"[^"]{0,500}"|'[^']{0,500}'|`[^`]{0,500}`/g, '""');
  if (withoutStrings.includes("+")) parts.push(withoutStrings.replace(/""/g, " "));
  else if (!/^[fF]?["'`]/.test(expr) && !sprintf && /^[A-Za-z_$][\w.$]{0,100}$/.test(expr)) parts.push(expr);
  return parts.filter((p) => p.trim() !== "");
}

/**
 * Whether a computed part of an event name holds personal data: a field the
 * domain module calls personal (`user.email`, `u.firstName`, `customer.name`)
 * or a literal email, phone or SSN inside it.
 */
function isPersonalField(expr: string): boolean {
  if (findPersonalData(expr).length > 0) return true;
  for (const m of expr.matchAll(/[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,6}/g)) {
    const path = m[0].split(".");
    const name = path[path.length - 1]!;
    if (isPersonalFieldName(name, path.length > 1 ? path[path.length - 2] : undefined)) return true;
  }
  return false;
}

/** Conventions that count as a style of their own when event names are compared (one-word names fit every one). */
type NameStyle = Exclude<EventNameConvention, "mixed">;
const nameStyle = (name: string): NameStyle | undefined => {
  const convention = eventNameConvention(name);
  return convention === null || convention === "mixed" ? undefined : convention;
};

/** Identifier-like event names in prose: snake_case, kebab-case, PascalCase, camelCase. */
function proseEventNames(text: string): string[] {
  const names: string[] = text.match(/\b(?:[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)\b/g) ?? [];
  // Short quoted phrases are names too ('Order Placed').
  for (const m of text.matchAll(/(["'‘“])([A-Za-z][\w .-]{1,38}[A-Za-z0-9])(?:["'’”])/g)) names.push(m[2]!);
  return names.filter((n) => !/^(?:created_at|customer_id|user_id|anonymous_id|cio_id|e-mail|site_id|api_key|first_name|last_name)$/i.test(n));
}

/** Lines after `lineEnd` indented deeper than `indent`: a Python block. */
function indentedBlock(src: string, lineEnd: number, indent: number): string {
  let end = lineEnd;
  let pos = lineEnd + 1;
  while (pos < src.length) {
    const next = src.indexOf("\n", pos);
    const stop = next < 0 ? src.length : next;
    const line = src.slice(pos, stop);
    let width = 0;
    while (width < line.length && (line[width] === " " || line[width] === "\t")) width++;
    if (width < line.length && width <= indent) break;
    end = stop;
    pos = stop + 1;
  }
  return src.slice(lineEnd, end);
}

/**
 * The code a loop repeats: a for/while block (C-like, Go, Python), the
 * callback of forEach/map, or a Ruby `each`/`find_each` block.
 */
function loopBodies(src: string): string[] {
  const bodies: string[] = [];
  for (const m of src.matchAll(/\.(?:forEach|map|flatMap)\s{0,20}\(/g)) {
    if (bodies.length >= MAX_MATCHES) break;
    bodies.push(callArguments(src, m.index! + m[0].length - 1));
  }
  for (const m of src.matchAll(/\b(?:for|while)\s{0,20}(?:await\s{1,20})?\(/g)) {
    if (bodies.length >= 2 * MAX_MATCHES) break;
    const open = m.index! + m[0].length - 1;
    const head = callArguments(src, open);
    const after = open + head.length + 2;
    const brace = /^\s{0,200}\{/.exec(src.slice(after, after + 201));
    // A braced body, or the single statement that follows the loop head.
    if (brace) bodies.push(callArguments(src, after + brace[0].length - 1));
    else {
      const stops = [src.indexOf(";", after), src.indexOf("\n", after)].filter((i) => i >= 0);
      bodies.push(src.slice(after, stops.length ? Math.min(...stops) : src.length));
    }
  }
  // Go: `for _, u := range users {`; Python: `for u in users:`; Ruby: `users.each do |u|`.
  for (const m of src.matchAll(/^([ \t]{0,40})(?:for|while)\b([^\n]{0,300})$/gm)) {
    if (bodies.length >= 3 * MAX_MATCHES) break;
    const head = m[2]!;
    const lineEnd = m.index! + m[0].length;
    const brace = head.lastIndexOf("{");
    if (!head.trimStart().startsWith("(") && brace >= 0) bodies.push(callArguments(src, lineEnd - head.length + brace));
    else if (/:\s{0,20}(?:#[^\n]{0,200})?$/.test(head)) bodies.push(indentedBlock(src, lineEnd, m[1]!.length));
  }
  for (const m of src.matchAll(/\.(?:each|find_each|each_with_index|find_in_batches|in_batches|times|each_slice)\b[^\n]{0,100}?(?:\bdo\b|\{)/g)) {
    if (bodies.length >= 4 * MAX_MATCHES) break;
    const start = m.index! + m[0].length;
    const end = src.indexOf(m[0].endsWith("{") ? "}" : "end", start);
    bodies.push(src.slice(start, end < 0 ? Math.min(src.length, start + 2000) : end));
  }
  return bodies;
}

const CLIENT_CALLS = /track|trackAnonymous|trackPageView|identify|sendEmail|send_email|sendPush|sendSMS|batch|suppress|page|screen|group|alias/;
/** An HTTP call to a Customer.io host, written by hand (fetch, axios, requests, Net::HTTP, http.Post). */
const HTTP_TO_CIO = /(?:fetch|axios(?:\.\w{1,10})?|requests\.\w{1,10}|http\.\w{1,10}|post|got(?:\.\w{1,10})?)\s{0,20}\(\s{0,20}["'`]https:\/\/(?:track|track-eu|api|api-eu|cdp|cdp-eu)\.customer\.io/i;
const LIMITER =
  /bottleneck|p-?queue|\bqueue\b|p-?limit|\blimit\s{0,5}\(|\.schedule\s{0,5}\(|limiter|throttl|ratelimit|rate_limit|sleep\(|\bsleep\s{1,5}\d|settimeout|delay\(|\.batch\s{0,5}\(|chunk|semaphore|each_slice|in_batches/i;

/** A line of code that runs inside a function: braces open (JS, Go), or indented under a def (Python, Ruby). */
function insideFunction(src: string, at: number): boolean {
  if (braceDepth(src, at) > 0) return true;
  const lineStart = src.lastIndexOf("\n", at - 1) + 1;
  const indented = /^[ \t]{2,}/.test(src.slice(lineStart, lineStart + 2));
  return indented && /^[ \t]*(?:async\s{1,5})?def\s|^[ \t]*func\s/m.test(src.slice(0, lineStart));
}

/** Request handlers in Node, Python, Ruby and Go. */
function isRouteHandler(src: string): boolean {
  return (
    /\b(?:app|router|server|fastify|route|r)\.(?:get|post|put|patch|delete|all|route)\s{0,5}\(/.test(src) ||
    /\(\s{0,5}req\s{0,5}(?::\s{0,5}\w{1,40})?\s{0,5},\s{0,5}res\b/.test(src) ||
    /export\s{1,5}(?:default\s{1,5})?async\s{1,5}function\s{1,5}(?:handler|GET|POST|PUT|PATCH|DELETE)\b/.test(src) ||
    /\bres\.(?:json|send|status|end)\s{0,5}\(/.test(src) ||
    /NextResponse|@(?:Post|Get)\(/.test(src) ||
    // Python: Flask/FastAPI decorators, Django views.
    /^[ \t]*@\w{1,30}\.(?:route|get|post|put|patch|delete)\s{0,5}\(/m.test(src) ||
    /\bdef\s{1,5}\w{1,60}\s{0,5}\(\s{0,5}request\b/.test(src) ||
    /\b(?:jsonify|redirect|render_template|HttpResponse|JsonResponse)\s{0,5}\(/.test(src) ||
    // Ruby: Rails controllers, Sinatra routes.
    /\bclass\s{1,5}\w{1,60}Controller\b/.test(src) ||
    /^[ \t]*(?:get|post|put|patch|delete)\s{1,5}["'][^"'\n]{0,200}["']\s{1,5}do\b/m.test(src) ||
    /\brender\s{1,5}json:/.test(src) ||
    // Go net/http.
    /http\.ResponseWriter|\*gin\.Context|echo\.Context/.test(src)
  );
}

const FLUSH_IN_HANDLER = "a request handler flushes the analytics queue before responding";

/** Synchronous SDKs (Python, Ruby, Go) block the handler on every call; Node blocks only when awaited. */
const SYNC_SDK = /\bCustomerIO\s{0,5}\(|Customerio::|\$customerio\b|customerio\.New\w{0,20}Client|\bdef\s|\bfunc\s|\bend\s*$/m;

/** Milliseconds from the clock, in Node, Python, Ruby and Go. */
const MS_SOURCE = String.raw`(?:Date\.now\(\)|\+\s{0,5}new\s{1,5}Date\([^)]{0,200}\)|new\s{1,5}Date\([^)]{0,200}\)\.(?:getTime|valueOf)\(\)|[\w.]{1,100}\.(?:getTime|valueOf)\(\)|Date\.parse\([^)]{0,200}\))`;
const NOT_DIVIDED = String.raw`(?!\s{0,5}\/\s{0,5}(?:1000|1e3|1_000))`;
const OTHER_MS = /time\.time\(\)\s{0,5}\*\s{0,5}1000|\.timestamp\(\)\s{0,5}\*\s{0,5}1000|\.to_f\s{0,5}\*\s{0,5}1000|\.to_i\s{0,5}\*\s{0,5}1000|%s%L|\bDateTime\.now\.strftime\(\s{0,5}["']%Q|\.UnixMilli\(\)|\.UnixNano\(\)|\bmillis\(\)|current_time_millis|System\.currentTimeMillis\(\)/;

/**
 * Pitfalls a snippet (or an error text) shows, from its structure rather than
 * its words. Prose is checked only for the few features that make sense there.
 * Reads at most MAX_ANALYSED_CHARS characters, and every scan is linear in them.
 */
export function codeSignals(query: string): CodeSignal[] {
  const out: CodeSignal[] = [];
  const add = (pitfall: number, weight: number, reason: string) => out.push({ pitfall, weight, reason });
  const src = query.length > MAX_ANALYSED_CHARS ? query.slice(0, MAX_ANALYSED_CHARS) : query;
  const code = looksLikeCode(src);

  // Values and names that mean something even in prose.
  if (/\b1\d{12}\b/.test(src)) add(2, STRONG, "a 13-digit Unix time is in milliseconds");
  const year = /\byears?\s{1,3}(\d{1,3}(?:,\d{3})+|\d{4,6})\b/i.exec(src);
  if (year && Number(year[1]!.replace(/,/g, "")) > 2200) add(2, STRONG, "a date thousands of years ahead comes from milliseconds read as seconds");
  const variants = new Map<string, Set<string>>();
  for (const name of code ? [] : proseEventNames(src)) {
    const key = normalizeEventName(name);
    if (!variants.has(key)) variants.set(key, new Set());
    variants.get(key)!.add(name);
  }
  if ([...variants.values()].some((v) => v.size > 1)) add(10, STRONG, "the same event name is spelled two ways");
  const EMAIL = String.raw`(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,253}`;
  const ID = String.raw`\b(?:ids?|identifiers?|customer[_ ]id|user[_ ]id|person[_ ]id)\b`;
  if (new RegExp(`${ID}[^.\\n]{0,60}${EMAIL}|${EMAIL}[^.\\n]{0,30}(?:as (?:the |their |an? )?)${ID}`, "i").test(src)) {
    add(4, MEDIUM, "an email address is used as the person's id");
  }

  // Personal data named next to event names: the privacy problem (12) outranks the dynamic name it also is (6).
  if (!code && EVENT_NAME_WORDS.test(src) && PERSONAL_DATA_WORDS.test(src)) add(12, MEDIUM, "the question is about personal data in event names");

  if (!code) return out;

  const identifies = findCalls(src, /identify/);
  const tracks = findCalls(src, /track|trackAnonymous|trackPageView/);
  const pipelinesCalls = findCalls(src, /track|identify|page|screen|group/).filter((c) => /\banalytics\s{0,5}$/.test(src.slice(Math.max(0, c.at - 30), c.at)));

  // 1: the wrong key for the client.
  const apiClientArgs = /(?:new\s{1,5})?\b(?:APIClient|NewAPIClient)(?:\.new)?\s{0,5}\(\s{0,5}([^,)]{0,200})/.exec(src)?.[1];
  if (apiClientArgs && /track|site/i.test(apiClientArgs)) add(1, STRONG, "APIClient is given the Track API key");
  const trackClientArgs = /(?:new\s{1,5}TrackClient|NewTrackClient|Customerio::Client\.new|\bCustomerIO)\s{0,5}\(([^)]{0,300})\)/.exec(src)?.[1];
  if (trackClientArgs && /app[_-]?(?:api[_-]?)?key/i.test(trackClientArgs)) add(1, STRONG, "the Track client is given the App API key");
  if (/Bearer[^\n]{0,200}track/i.test(src)) add(1, STRONG, "a Bearer header built from the Track key");
  if (/Basic[^\n]{0,200}app[_-]?(?:api[_-]?)?key/i.test(src)) add(1, STRONG, "a Basic header built from the App API key");
  if (/Bearer/.test(src) && /cdp(?:-eu)?\.customer\.io/.test(src)) add(1, STRONG, "the Pipelines API takes Basic auth (the key as user, empty password), not a Bearer token");
  const trackClientAt = src.search(/new\s{1,5}TrackClient/);
  if (trackClientAt >= 0 && /\.send(?:Email|Push|SMS)\s{0,5}\(/.test(src.slice(trackClientAt))) add(1, MEDIUM, "transactional sends go through APIClient with the App API key");

  // 2: milliseconds where seconds belong.
  const dateField = new RegExp(String.raw`(?:created_at|timestamp|_at|At|time|date)["']?\s{0,5}[:=]\s{0,5}${MS_SOURCE}${NOT_DIVIDED}`, "i");
  if (dateField.test(src)) add(2, STRONG, "a date field gets milliseconds (no / 1000)");
  else if (OTHER_MS.test(src) && (identifies.length || tracks.length)) add(2, STRONG, "a millisecond clock value reaches a Customer.io call");
  else if (new RegExp(`${MS_SOURCE}${NOT_DIVIDED}`).test(src) && (identifies.length || tracks.length)) {
    add(2, MEDIUM, "a millisecond clock value reaches a Customer.io call");
  }

  // 3: track before identify; Pipelines calls with neither userId nor anonymousId (answered 200, then dropped).
  const firstIdentify = identifies[0]?.at;
  const firstTrack = tracks[0]?.at;
  if (firstTrack !== undefined && firstIdentify !== undefined) {
    const all = /Promise\.(?:all|allSettled)\s{0,5}\(/.exec(src);
    const together = all ? callArguments(src, all.index + all[0].length - 1) : "";
    const parallel = /\.track\w{0,20}\s{0,5}\(/.test(together) && /\.identify\s{0,5}\(/.test(together);
    if (firstTrack < firstIdentify) add(3, STRONG, "track() runs before identify()");
    else if (parallel) add(3, STRONG, "track() and identify() run in parallel");
  } else if (firstTrack !== undefined && /sign.?up|register|onboard|create\w{0,20}user|new.?user/i.test(src)) {
    add(3, MEDIUM, "a signup flow tracks without identifying");
  }
  for (const call of pipelinesCalls) {
    if (!/\b(?:userId|anonymousId|user_id|anonymous_id)\b/.test(call.args)) {
      add(3, STRONG, "a Pipelines call without userId or anonymousId is answered 200 and dropped (send X-Strict-Mode: 1 to get the error)");
      break;
    }
  }

  // 4 and 5: what identify() is given.
  for (const call of identifies) {
    const args = splitArguments(call.args);
    // The lists are found separately, so the same call is matched by position, not identity.
    const pipelines = pipelinesCalls.some((c) => c.at === call.at);
    const id = pipelines ? keyedValue(call.args, ["userId"]) : (keyedValue(call.args, ["id"]) ?? args[0]);
    if (id && (/^["'`][^"'`]{0,200}@/.test(id) || /e_?mail/i.test(id))) add(4, STRONG, "identify() is keyed by an email address");
    else if (id && /^\w{1,60}$/.test(id)) {
      const assigned = new RegExp(`\\b${id}\\s{0,5}:?=\\s{0,5}[\\w.]{0,80}e_?mail`, "i");
      if (assigned.test(src)) add(4, STRONG, "the identify() id is assigned from an email");
    }
    const attrs = pipelines ? keyedValue(call.args, ["traits"]) : args.slice(1).join(",") || undefined;
    const kwargs = args.length > 1 && args.every((a) => /^["']?\w{1,40}["']?\s{0,5}(?::|=(?!=))/.test(a));
    if ((attrs?.startsWith("{") || attrs?.startsWith("map[") || kwargs) && !/e_?mail/i.test(attrs ?? call.args)) {
      add(5, MEDIUM, "identify() attributes have no email");
    }
  }
  if (/\bid\s{0,5}[:=]\s{0,5}[\w.]{0,80}\.e_?mail\b/i.test(src)) add(4, MEDIUM, "an id field holds an email");

  // 6 and 12: what the event name is built from.
  for (const call of tracks) {
    const expr = eventNameExpression(call);
    if (!expr) continue;
    if (findPersonalData(expr).some((h) => h.kind === "email")) add(12, STRONG, "an event name contains an email address");
    const parts = computedParts(expr);
    if (parts.length === 0) continue;
    if (parts.some(isPersonalField)) {
      add(12, STRONG, "an event name is built from personal data");
      add(6, MEDIUM, "an event name is built at run time");
    } else add(6, STRONG, "an event name is built at run time");
  }

  // 7: waiting for Customer.io inside a request handler.
  const clientCall = new RegExp(`\\.(?:${CLIENT_CALLS.source}|flush)\\s{0,20}\\(`, "i");
  const awaited = new RegExp(`await\\s{1,20}[\\w.]{1,80}\\.(?:${CLIENT_CALLS.source}|flush)\\s{0,20}\\(`).test(src) || (SYNC_SDK.test(src) && clientCall.test(src));
  const handler = isRouteHandler(src);
  if (handler && awaited && !/\.suppress\s{0,5}\(/.test(src)) add(7, STRONG, "a request handler waits for Customer.io before responding");
  // Flushing the Pipelines (analytics) queue inside a handler makes the user wait for every queued call: the pitfall itself, whatever else the snippet shows.
  const flushes = handler && (/await\s{1,20}[\w.]{1,80}\.flush\s{0,20}\(/.test(src) || (SYNC_SDK.test(src) && /\banalytics\.flush\s{0,20}\(/.test(src)));
  if (flushes) add(7, STRONG, FLUSH_IN_HANDLER);

  // 8: bounces.
  if (/\.suppress\s{0,5}\(/.test(src)) add(8, STRONG, "suppress() deletes the person; a bounce needs a different response");
  if (/bounced?|spammed|complain|undeliverable/i.test(src)) add(8, STRONG, "the code deals with bounces or complaints");
  else if (/webhook/i.test(src) && /metric/.test(src)) add(8, MEDIUM, "a reporting webhook handler");

  // 9: a client built per call.
  const constructors = /new\s{1,5}(?:TrackClient|APIClient|CustomerIO|CIO|Analytics)\s{0,5}\(|(?<![\w.])(?:CustomerIO|APIClient)\s{0,5}\(|Customerio::(?:Client|APIClient)\.new\b|customerio\.New(?:Track|API)Client\s{0,5}\(/g;
  for (const [k, m] of [...src.matchAll(constructors)].entries()) {
    if (k >= MAX_MATCHES) break;
    const before = src.slice(Math.max(0, m.index! - 40), m.index!);
    if (insideFunction(src, m.index!) || /=>\s*\(?\s*$/.test(before) || /\breturn\s+$/.test(before)) {
      add(9, STRONG, "a Customer.io client is created inside a function");
      break;
    }
  }

  // 10: several naming styles for event names.
  const names = [
    ...[...src.matchAll(/\b(?:name|event)\s{0,5}[:=]\s{0,5}(["'])([^"'`$#{}\n]{1,100})\1/g)].map((m) => m[2]!),
    ...tracks.map((c) => splitArguments(c.args)[1]).filter((a): a is string => !!a && /^["'][^"'`$#{}]{1,100}["']$/.test(a)).map((a) => a.slice(1, -1)),
  ];
  const styles = new Set(names.map(nameStyle).filter((s): s is NameStyle => !!s));
  const keys = new Map<string, Set<string>>();
  for (const n of names) {
    const key = normalizeEventName(n);
    if (!keys.has(key)) keys.set(key, new Set());
    keys.get(key)!.add(n);
  }
  if (styles.size > 1 || [...keys.values()].some((v) => v.size > 1)) add(10, STRONG, "event names use different naming styles");
  else if (!pipelinesCalls.length && (styles.has("PascalCase") || styles.has("spaces") || styles.has("Title Case") || styles.has("camelCase"))) {
    add(10, WEAK, "event names are not snake_case");
  }

  // 11: calls in a loop with nothing pacing them.
  if (loopBodies(src).some((body) => clientCall.test(body) || HTTP_TO_CIO.test(body)) && !LIMITER.test(src)) {
    add(11, STRONG, "Customer.io calls in a loop with no rate limiting");
  }

  // A handler that waits is the setting, not the problem, when the snippet shows a more specific one.
  const specific = !flushes && out.some((s) => s.weight === STRONG && s.pitfall !== 7);
  return specific ? out.map((s) => (s.pitfall === 7 ? { ...s, weight: MEDIUM } : s)) : out;
}

// ---------------------------------------------------------------------------
// Is this a Customer.io question at all?

/**
 * Names that only a Customer.io integration uses: the product, its SDKs,
 * hosts and APIs. One of them makes a query on-topic whatever else it says.
 */
const CUSTOMERIO_NAMES = [
  "customer\\.io", "customerio", "customer io", "cio", "cio_id", "\\$customerio", "trackclient", "newtrackclient", "newapiclient",
  "customerio-node", "customerio-python", "customerio-ruby", "go-customerio", "@customerio/\\w{1,40}", "cdp-analytics-\\w{1,20}",
  "track(?:-eu)?\\.customer\\.io", "api(?:-eu)?\\.customer\\.io", "cdp(?:-eu)?\\.customer\\.io", "x-strict-mode", "pipelines api",
  "data pipelines", "trackanonymous", "track api", "app api", "site id", "siteid", "reporting webhooks?", "transactional messages?",
  "transactional_message_id", "send api", "journeys",
];

/** Words of the messaging domain Customer.io works in; they count for a query only alongside little else. */
const CONCEPTS = [
  "campaigns?", "journey", "broadcasts?", "newsletters?", "workspaces?", "segments?", "profiles?", "person", "people", "attributes?",
  "identif(?:y|ied|ies|ying)", "identify\\(\\)", "track(?:ed|ing)? calls?", "track\\(\\)", "tracking", "events?", "event names?",
  "trigger(?:s|ed|ing)?", "bounc(?:e|es|ed|ing)", "spam", "complaints?", "unsubscrib\\w{0,6}", "suppress\\w{0,6}", "deliverability",
  "created_at", "timestamps?", "anonymous_?id", "user_?ids?", "customer_?ids?", "customer id", "user id", "emails?", "e-mails?",
  "sign-?ups?", "signed up", "onboarding", "welcome", "analytics\\.(?:track|identify|page|screen|group|alias)", "writekey", "traits?",
  "messages?", "deliver(?:y|ies|ed)", "recipients?", "activity log", "backfill", "api key", "429", "401", "rate limit\\w{0,3}",
];

/**
 * Names from neighbouring fields: container orchestration, version control,
 * front-end frameworks, web servers, databases, CI, DNS, infrastructure, and
 * other mail and marketing tools. A query that names them and no Customer.io
 * name, with no more messaging words than foreign ones, is not about Customer.io.
 */
const FOREIGN_NAMES = [
  // Containers and orchestration.
  "kubernetes", "k8s", "kubectl", "kubelet", "kubeconfig", "helm", "pods?", "crashloopbackoff", "imagepullbackoff", "ingress",
  "daemonset", "statefulset", "configmap", "replicas", "minikube", "openshift", "istio", "docker", "dockerfile", "docker-compose",
  "compose", "containers?", "podman", "eks", "gke", "aks", "apiversion",
  // Version control.
  "git", "gitlab", "bitbucket", "rebas(?:e|ed|ing)", "cherry-pick", "merge conflicts?", "pull requests?", "non-fast-forward", "refs",
  "stash", "submodules?", "detached head", "force push", "branch(?:es)?", "commits?",
  // Front-end.
  "react(?:\\.?js)?(?= (?:hooks?|components?|router|query|app|state|renders?|effects?|strict))", "reactjs", "react\\.js", "useeffect", "usestate", "usememo", "usecallback", "jsx", "hydration", "vue", "vuex", "pinia", "angular", "svelte",
  "redux", "webpack", "vite", "tailwind", "css", "props", "computed propert(?:y|ies)", "components?", "dom", "re-?renders?",
  // Web servers and proxies.
  "nginx", "apache", "httpd", "htaccess", "caddy", "haproxy", "traefik", "proxy_pass", "server_name", "bad gateway", "certbot",
  "letsencrypt", "let's encrypt", "certificates?", "reverse proxy", "gunicorn", "uwsgi", "tomcat", "iis",
  // Databases.
  "postgres", "postgresql", "psql", "mysql", "mariadb", "sqlite", "mongodb", "mongo", "mongoose", "redis", "ioredis",
  "elasticsearch", "opensearch", "dynamodb", "cassandra", "unique constraint", "foreign key", "left join", "inner join", "group by",
  "deadlocks?", "vacuum", "rds", "sql", "select\\s[^;]{1,300}?\\sfrom", "insert into", "alter table",
  // CI.
  "jenkins", "github actions", "gitlab ci", "circleci", "travis", "buildkite", "runs-on", "actions/checkout", "ci pipelines?",
  // DNS.
  "dns", "cname", "a records?", "mx records?", "txt records?", "nameservers?", "resolvers?", "servfail", "nxdomain", "dig",
  "propagat\\w{0,5}", "route ?53", "cloudflare", "dnssec", "dkim", "spf", "dmarc",
  // Infrastructure and runtimes.
  "typeerror", "referenceerror", "syntaxerror", "cannot read propert(?:y|ies) of (?:undefined|null)", "is not a function", "oomkilled",
  "out of memory", "segmentation fault", "stack overflow", "terraform", "ansible", "pulumi", "cloudformation", "eaddrinuse", "segfault", "npm err!?", "node-gyp", "stripe",
  // Other mail, marketing and analytics tools.
  "mailchimp", "mandrill", "sendgrid", "sgmail", "mailgun", "postmark", "amazon ses", "aws ses", "sparkpost", "hubspot", "klaviyo",
  "braze", "iterable", "marketo", "pardot", "salesforce", "intercom", "brevo", "sendinblue", "activecampaign", "constant contact",
  "convertkit", "campaign monitor", "omnisend", "moengage", "onesignal", "mixpanel", "amplitude", "posthog", "google analytics",
  "gtag", "shopify",
];

const anchors = (words: readonly string[]) => new RegExp(`(?<![a-z0-9_$])(?:${words.join("|")})(?![a-z0-9_])`, "g");
let anchorPatterns: { customerio: RegExp; concepts: RegExp; foreign: RegExp } | undefined;

export interface QueryDomain {
  /** Customer.io's own names in the query (the product, SDKs, hosts, APIs). */
  customerio: string[];
  /** Messaging-domain words (campaign, profile, event, bounce…). */
  concepts: string[];
  /** Names from neighbouring fields (kubectl, nginx, React, Postgres, SendGrid…). */
  foreign: string[];
  /** True when the query names a neighbouring field and nothing ties it to Customer.io. */
  off_topic: boolean;
}

/** Distinct matches of a pattern, with spacing and plurals folded; reads the text once. */
function distinctMatches(text: string, pattern: RegExp): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(pattern)) {
    seen.add(m[0].replace(/[\s_-]+/g, " ").replace(/(?:es|s)$/, ""));
    if (seen.size >= 20) break;
  }
  return [...seen];
}

/**
 * Which field a query belongs to. The patterns are alternations of fixed
 * words with bounded repeats, so the scan is linear; the text is clipped first.
 */
export function queryDomain(query: string): QueryDomain {
  const text = (query.length > MAX_ANALYSED_CHARS ? query.slice(0, MAX_ANALYSED_CHARS) : query).toLowerCase();
  anchorPatterns ??= { customerio: anchors(CUSTOMERIO_NAMES), concepts: anchors(CONCEPTS), foreign: anchors(FOREIGN_NAMES) };
  const customerio = distinctMatches(text, anchorPatterns.customerio);
  const concepts = distinctMatches(text, anchorPatterns.concepts);
  const foreign = distinctMatches(text, anchorPatterns.foreign);
  return { customerio, concepts, foreign, off_topic: customerio.length === 0 && foreign.length > 0 && concepts.length <= foreign.length };
}

// ---------------------------------------------------------------------------
// Pitfall search

export interface PitfallHit {
  pitfall: Pitfall;
  /** Calibrated 0–1: the estimated chance that this pitfall is (one of) the answer(s) to the query. */
  score: number;
  /** The uncalibrated relevance (BM25F text score plus code features) it was computed from. */
  raw: number;
  /** What in the query pointed at this pitfall (code features), if anything. */
  reasons: string[];
}

export interface PitfallSearch {
  /** Best first, each at least MIN_SCORE. */
  hits: PitfallHit[];
  /** matched; off_topic (the query is about a neighbouring field); no_match (nothing relevant enough). */
  outcome: "matched" | "off_topic" | "no_match";
  domain: QueryDomain;
  /** The query's search terms (empty when it was off topic), for callers that weigh text against them. */
  terms: string[];
}

/** Drops import lines: module names say nothing about the problem. */
const codeText = (code: string) => code.replace(/^[ \t]*(?:import|from|require)[ \t][^\n]*$/gm, "");

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

/**
 * Calibration: a logistic model of "this pitfall is a right answer" over the
 * features below, fitted on the tuning queries (test/fixtures/pitfall-queries.json,
 * every result of every query, off-topic ones included) and never on the
 * held-out file. The score is that probability.
 */
const CALIBRATION = {
  bias: -13.285,
  logRaw: 3.251,
  relative: 6.406,
  customerio: 0.16,
  concepts: -0.494,
  foreign: -3.302,
  signal: 2.271,
  code: -1.324,
  coverage: 2.047,
} as const;
/** The best result must reach this calibrated score, or the query matches nothing. */
export const MIN_SCORE = 0.2;
/** Once the best result is shown, others follow when their raw relevance is at least this share of the best one's (each with its own, lower, score). */
const RELATED_SHARE = 0.3;

export interface CandidateFeatures {
  logRaw: number;
  relative: number;
  customerio: number;
  concepts: number;
  foreign: number;
  signal: number;
  code: number;
  /** Share of the query's distinct known terms that this pitfall's text contains. */
  coverage: number;
}

let pitfallIndex: Bm25Index<Pitfall> | undefined;
const index = () => (pitfallIndex ??= new Bm25Index(PITFALLS, PITFALL_FIELDS));

/**
 * Every pitfall with a positive raw score for the query, best first, with the
 * features the calibration reads. Exposed for the calibration fit and its tests.
 */
type Candidate = { pitfall: Pitfall; raw: number; reasons: string[]; features: CandidateFeatures };

export function pitfallCandidates(query: string): Candidate[] {
  return candidatesOf(query.length > MAX_ANALYSED_CHARS ? query.slice(0, MAX_ANALYSED_CHARS) : query).candidates;
}

/**
 * pitfallCandidates of a query already clipped to MAX_ANALYSED_CHARS, with
 * its domain when the caller has it (queryDomain ignores surrounding
 * whitespace: the same for the text and its trimmed form).
 */
function candidatesOf(clipped: string, knownDomain?: QueryDomain): { candidates: Candidate[]; terms: string[] } {
  const text = clipped.trim();
  if (!text) return { candidates: [], terms: [] };
  const code = looksLikeCode(text);
  const terms = tokenize(code ? codeText(text) : text);
  const textScores = index().scores(terms);
  const signals = codeSignals(text);
  const domain = knownDomain ?? queryDomain(text);

  // One rare word found only in prose (a stem collision) is not evidence; a keyword, the title or two terms are.
  // Which query terms each pitfall holds: read for the evidence test and the coverage, made once per pitfall.
  const matchedTerms: Array<Array<{ term: string; fields: string[] }>> = [];
  const matchedOf = (i: number) => (matchedTerms[i] ??= index().explain(terms, i));
  const hasEvidence = (i: number) => {
    const matched = matchedOf(i);
    return matched.length >= 2 || matched.some((m) => m.fields.some((f) => STRONG_FIELDS.has(f)));
  };

  const scored = PITFALLS.map((pitfall, i) => {
    const mine = signals.filter((s) => s.pitfall === pitfall.number);
    // The strongest signal counts in full, further ones add a little.
    const weights = mine.map((s) => s.weight).sort((a, b) => b - a);
    const signalScore = weights.reduce((acc, w, k) => acc + (k === 0 ? w : w * 0.25), 0) * SIGNAL_POINTS;
    const textScore = mine.length > 0 || hasEvidence(i) ? textScores[i]! : 0;
    const raw = textScore * (code ? CODE_TEXT_FACTOR : 1) + signalScore;
    return { pitfall, index: i, raw, reasons: [...new Set(mine.map((s) => s.reason))], signal: weights[0] ?? 0 };
  })
    .filter((h) => h.raw > 0)
    .sort((a, b) => b.raw - a.raw || a.pitfall.number - b.pitfall.number);
  const best = scored[0]?.raw ?? 0;
  const distinct = new Set(terms).size;
  const candidates = scored.map((h) => ({
    pitfall: h.pitfall,
    raw: Math.round(h.raw * 1000) / 1000,
    reasons: h.reasons,
    features: {
      logRaw: Math.log1p(h.raw),
      relative: h.raw / best,
      customerio: domain.customerio.length > 0 ? 1 : 0,
      concepts: Math.min(domain.concepts.length, 4) / 4,
      foreign: Math.min(domain.foreign.length, 3) / 3,
      signal: h.signal,
      code: code ? 1 : 0,
      coverage: distinct > 0 ? matchedOf(h.index).length / distinct : 0,
    },
  }));
  return { candidates, terms };
}

/** How rare a search term is across the pitfalls (BM25 idf): words shared by every entry weigh little. */
export function pitfallTermRarity(term: string): number {
  return index().idf(term);
}

/** The calibrated probability for one candidate's features. */
export function calibratedScore(f: CandidateFeatures): number {
  const c = CALIBRATION;
  const z =
    c.bias + c.logRaw * f.logRaw + c.relative * f.relative + c.customerio * f.customerio + c.concepts * f.concepts + c.foreign * f.foreign + c.signal * f.signal + c.code * f.code + c.coverage * f.coverage;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The pitfalls a symptom, error text or code snippet points to, best first,
 * and why the list is empty when it is: a question from a neighbouring field
 * (Kubernetes, git, React, nginx, Postgres, another mail tool…) or nothing
 * relevant enough. Reads at most MAX_ANALYSED_CHARS characters.
 */
export function explainSearch(query: string, limit: number = 3): PitfallSearch {
  const clipped = query.length > MAX_ANALYSED_CHARS ? query.slice(0, MAX_ANALYSED_CHARS) : query;
  const domain = queryDomain(clipped);
  if (domain.off_topic) return { hits: [], outcome: "off_topic", domain, terms: [] };
  const { candidates, terms } = candidatesOf(clipped, domain);
  const best = candidates[0];
  const shown = best && calibratedScore(best.features) >= MIN_SCORE ? candidates.filter((c) => c.features.relative >= RELATED_SHARE) : [];
  const hits = shown
    .map((c) => ({ pitfall: c.pitfall, score: Math.round(calibratedScore(c.features) * 1000) / 1000, raw: c.raw, reasons: c.reasons }))
    .slice(0, Math.max(0, limit));
  return { hits, outcome: hits.length > 0 ? "matched" : "no_match", domain, terms };
}

/** The pitfalls a symptom, error text or code snippet points to, best first; empty when nothing is relevant. */
export function searchPitfalls(query: string, limit: number = 3): PitfallHit[] {
  return explainSearch(query, limit).hits;
}
