/**
 * trace_delivery: why did (or didn't) one person get one message? Walks the
 * chain person → target → trigger → audience → reachability → delivery with
 * read-only App API GETs (at most 12, independent ones at the same time) and
 * names the first broken link with its fix.
 *
 * gather (src/cio reads) → diagnose (src/diagnosis pure functions) → present.
 */
import { setMaxListeners } from "node:events";
import { z } from "zod";
import type { Region } from "../config.js";
import { UserInputError } from "../errors.js";
import { findingSchema, sortFindings, type Finding } from "../findings.js";
import { maskSecret } from "../redact.js";
import { CHANNELS, type Channel, type Delivery } from "../cio/delivery-reads.js";
import { gatherTrace, MAX_TRACE_REQUESTS, Reads, type TraceInput } from "../cio/trace-gather.js";
import { composeChain, deliveryState, type ChainLink, type Step } from "../diagnosis/delivery.js";
import { failureFindings } from "../diagnosis/lookup.js";
import { diagnoseTrace, type TargetOut } from "../diagnosis/trace.js";
import { parseLookup } from "./lookup-customer.js";
import { defineTool, NETWORK_READ_ONLY, type ToolContext } from "./define.js";
import { renderResult } from "./render.js";
import { keyed } from "./schema.js";

export { MAX_TRACE_REQUESTS, type TraceInput };

const MAX_NAME = 512;

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function boundedName(raw: unknown, what: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") throw new UserInputError(`${what} must be a string.`);
  const value = raw.trim();
  if (value === "") return undefined;
  if (value.length > MAX_NAME) throw new UserInputError(`${what} is longer than ${MAX_NAME} characters.`);
  if (hasLoneSurrogate(value)) throw new UserInputError(`${what} contains invalid Unicode (a lone surrogate).`);
  return value;
}

export function parseTraceInput(args: Record<string, unknown>): TraceInput {
  const person = parseLookup(args as { id?: unknown; email?: unknown; cio_id?: unknown });
  const given = (["campaign_id", "broadcast_id", "transactional_id", "delivery_id"] as const).filter((k) => args[k] !== undefined && args[k] !== null);
  if (given.length > 1) throw new UserInputError(`Give at most one of campaign_id, broadcast_id, transactional_id, delivery_id (got ${given.join(" and ")}).`);
  const input: TraceInput = { person };
  const which = given[0];
  if (which === "campaign_id" || which === "broadcast_id") {
    const id = args[which];
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) throw new UserInputError(`${which} must be a positive integer.`);
    input.target = { kind: which === "campaign_id" ? "campaign" : "broadcast", id };
  } else if (which === "transactional_id") {
    const raw = args.transactional_id;
    if (typeof raw === "number") {
      if (!Number.isSafeInteger(raw) || raw < 1) throw new UserInputError("transactional_id must be a positive integer or a trigger name.");
      input.target = { kind: "transactional", id: raw };
    } else {
      const name = boundedName(raw, "transactional_id");
      if (!name) throw new UserInputError("transactional_id is empty.");
      input.target = { kind: "transactional", id: /^\d{1,15}$/.test(name) ? Number(name) : name };
    }
  } else if (which === "delivery_id") {
    const id = boundedName(args.delivery_id, "delivery_id");
    if (!id) throw new UserInputError("delivery_id is empty.");
    if (id === "." || id === "..") throw new UserInputError("delivery_id cannot be a dot segment.");
    input.target = { kind: "delivery", id };
  }
  const eventName = boundedName(args.event_name, "event_name");
  if (eventName) input.eventName = eventName;
  if (args.channel !== undefined && args.channel !== null) {
    if (!CHANNELS.includes(args.channel as Channel)) throw new UserInputError(`channel must be one of ${CHANNELS.join(", ")}.`);
    input.channel = args.channel as Channel;
  }
  return input;
}

// ---- present ----

// Typed by their key fields (src/tools/schema.ts): the output schema is in every tools/list.
const personSchema = keyed({ id: z.string().optional(), email: z.string().optional(), cio_id: z.string().optional() });
const targetSchema = keyed<{ kind: z.ZodString; name: z.ZodString }, TargetOut>({ kind: z.string(), name: z.string() });
const linkSchema = keyed<{ step: z.ZodString; status: z.ZodString; summary: z.ZodString }, { evidence?: string }>({ step: z.string(), status: z.string(), summary: z.string() });
const deliverySchema = keyed<{ id: z.ZodString; state: z.ZodString }, DeliveryOut>({ id: z.string(), state: z.string() });

const outputSchema = {
  ok: z.boolean(),
  person: personSchema.nullable(),
  target: targetSchema.nullable(),
  chain: z.array(linkSchema),
  verdict: z.string(),
  deliveries: z.array(deliverySchema),
  other_traces: z.array(z.string()).optional(),
  requests: z.number(),
  request_rounds: z.number(),
  summary: z.string(),
  findings: z.array(findingSchema),
};

interface DeliveryOut {
  id: string;
  type: string;
  created?: string;
  state: string;
  metrics: string[];
  failure_message?: string;
  recipient?: string;
}
type TraceResult = {
  ok: boolean;
  person: { id?: string; email?: string; cio_id?: string } | null;
  target: TargetOut | null;
  chain: ChainLink[];
  verdict: string;
  deliveries: DeliveryOut[];
  other_traces?: string[];
  requests: number;
  request_rounds: number;
  summary: string;
  findings: Finding[];
};

const isoOf = (s: number | null) => (s ? new Date(s * 1000).toISOString().replace(".000Z", "Z") : undefined);

function deliveryOut(d: Delivery): DeliveryOut {
  const created = isoOf(d.created);
  return {
    id: d.id,
    type: d.type,
    ...(created ? { created } : {}),
    state: deliveryState(d),
    metrics: Object.keys(d.metrics).filter((k) => !k.startsWith("human_") && !k.startsWith("prefetch_")).slice(0, 12),
    ...(d.failure_message ? { failure_message: d.failure_message.slice(0, 300) } : {}),
    ...(d.recipient ? { recipient: d.recipient } : {}),
  };
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function missingKeyResult(variable: string): TraceResult {
  const fix = `Create an App API key (Account Settings > API Credentials > App API Keys) and set ${variable} in the server's environment, then restart it.`;
  const message = `${variable} is not set: tracing a delivery needs an App API key.`;
  return {
    ok: false,
    person: null,
    target: null,
    chain: ["person", "target", "trigger", "audience", "reachability", "delivery"].map((step) => ({ step: step as Step, status: "unknown" as const, summary: "Not checked: no App API key." })),
    verdict: `${fix.replace(/\.$/, "")} — nothing could be read: ${message}`,
    deliveries: [],
    requests: 0,
    request_rounds: 0,
    summary: `${message} ${fix}`,
    findings: [{ code: "missing_credentials", severity: "error", message, fix, evidence: `${variable} is unset or empty` }],
  };
}

export async function traceDeliveryFor(input: TraceInput, ctx: ToolContext): Promise<TraceResult> {
  const key = ctx.config.appApiKey;
  if (!key.value) return missingKeyResult(key.variable);
  const http = await ctx.http();
  let region: Region = ctx.config.region ?? "us";
  // Up to 12 requests (and their limiter waits) listen on one signal: more than Node's default 10.
  const signal = new AbortController();
  setMaxListeners(4 * MAX_TRACE_REQUESTS, signal.signal);
  if (ctx.signal.aborted) signal.abort(ctx.signal.reason);
  else ctx.signal.addEventListener("abort", () => signal.abort(ctx.signal.reason), { once: true });
  let reads = new Reads({ http, region, token: key.value, signal: signal.signal });
  let g = await gatherTrace(input, reads);
  let regionNote = "";
  // CUSTOMERIO_REGION unset and the US host refused or redirected the key: the workspace may be in the EU.
  const refused = (r: Reads) => r.failures.some((f) => f.kind === "region_mismatch" || f.kind === "invalid_credentials");
  if (!ctx.config.region && g.person.profile === undefined && refused(reads) && !signal.signal.aborted && reads.requests < MAX_TRACE_REQUESTS) {
    const eu = new Reads({ http, region: "eu", token: key.value, signal: signal.signal }, MAX_TRACE_REQUESTS - reads.requests);
    const ge = await gatherTrace(input, eu);
    if (!refused(eu)) {
      eu.requests += reads.requests;
      [reads, g, region] = [eu, ge, "eu"];
      regionNote = " (CUSTOMERIO_REGION is unset and the key belongs to the EU region; set CUSTOMERIO_REGION=eu to skip the US attempt.)";
    } else reads.requests += eu.requests;
  }
  const outcomes = diagnoseTrace(g, input, ctx.now());
  const composed = outcomes.map((o) => ({ o, ...composeChain(o.links) }));
  const primary = composed[0]!;
  const p = g.person.profile;
  // Without the person or the target there is no trace: the failed reads are the answer.
  const blocking = g.person.profile === undefined || primary.chain.some((c) => (c.step === "person" || c.step === "target") && c.status === "unknown");
  const failed = failureFindings(reads.failures.map((failure) => ({ failure, blocking })), ctx.config, region, maskSecret(key.value) ?? "none");
  if (blocking && failed.length > 0 && !primary.chain.some((c) => c.status === "broken")) {
    const f = failed[0]!;
    primary.verdict = `${(f.fix ?? "").replace(/\.$/, "")} — the trace could not be made: ${f.message}`;
    primary.ok = false;
  }
  const findings = sortFindings(dedupe([...composed.flatMap((c) => c.findings), ...failed]));
  const who = p ? (p.id ?? p.email ?? p.cio_id ?? input.person.value) : input.person.value;
  const what = primary.o.target ? `${primary.o.target.kind} ${primary.o.target.id}` : input.target?.kind === "delivery" ? `delivery ${input.target.id}` : `${primary.o.channel} messages`;
  const ok = composed.every((c) => c.ok) && !findings.some((f) => f.severity === "error");
  const more = composed.length > 1 ? ` ${composed.length - 1} more campaign${composed.length === 2 ? "" : "s"} ${composed.length === 2 ? "starts" : "start"} on this event: see other_traces.` : "";
  const unread = reads.failures.length ? ` ${reads.failures.length} read(s) failed; see findings.` : "";
  const brokenStep = primary.chain.find((c) => c.status === "broken")?.step;
  const firstCode = primary.findings.find((f) => f.severity === "error")?.code ?? findings.find((f) => f.severity === "error")?.code;
  const warned = primary.chain.find((c) => c.status === "warning")?.step;
  const headline = brokenStep
    ? `${who} → ${what}: the ${brokenStep} link is broken${firstCode ? ` (${firstCode})` : ""}; the verdict says what to fix.`
    : primary.ok
      ? `${who} → ${what}: nothing is broken${warned ? `; the ${warned} link has a warning` : ""}.`
      : `${who} → ${what}: the trace could not be made${firstCode ? ` (${firstCode})` : ""}.`;
  const keyNote = key.problem ? ` (${key.variable} ${key.problem}; key ${maskSecret(key.value)})` : "";
  return {
    ok,
    person: p ? { ...(p.id ? { id: p.id } : {}), ...((p.email ?? p.attributes.email) ? { email: (p.email ?? p.attributes.email)! } : {}), ...(p.cio_id ? { cio_id: p.cio_id } : {}) } : null,
    target: primary.o.target,
    chain: primary.chain,
    verdict: primary.verdict,
    deliveries: primary.o.deliveries.slice(0, 5).map(deliveryOut),
    ...(composed.length > 1 ? { other_traces: composed.slice(1).map((c) => `campaign ${c.o.target!.id} ${JSON.stringify(c.o.target!.name)}: ${c.verdict === primary.verdict ? "the same verdict" : `${c.ok ? "✔" : "✖"} ${c.verdict}`}`) } : {}),
    requests: reads.requests,
    request_rounds: reads.rounds,
    summary: `${headline}${more}${unread}${keyNote}${regionNote}${reads.queuedMs >= 500 ? ` The reads waited ${Math.round(reads.queuedMs)} ms in total for the App API limit of 10 requests per second.` : ""}`,
    findings,
  };
}

const ICON: Record<string, string> = { ok: "✔", broken: "✖", warning: "⚠", unknown: "?", skipped: "·" };

export function renderChain(chain: ReadonlyArray<{ step: string; status: string; summary: string }>): string {
  return chain.map((c) => `${ICON[c.status]} ${c.step}: ${c.summary}`).join("\n");
}

export const traceDelivery = defineTool({
  name: "trace_delivery",
  title: "Trace one message to one person",
  description:
    "Why did (or didn't) a person get a message? First call for email/push not received, campaign not triggering, transactional not arriving. Walks person, target, trigger, audience, reachability, delivery (read-only); names the first broken link and its fix. Takes one person and a target or event_name.",
  inputSchema: {
    id: z.string().optional(),
    email: z.string().optional(),
    cio_id: z.string().optional(),
    campaign_id: z.number().optional(),
    broadcast_id: z.number().optional(),
    transactional_id: z.union([z.number().min(1), z.string().min(1)]).optional(),
    delivery_id: z.string().optional(),
    event_name: z.string().optional(),
    channel: z.enum(CHANNELS).optional(),
  },
  outputSchema,
  annotations: NETWORK_READ_ONLY,
  async handler(args, ctx): Promise<TraceResult> {
    return traceDeliveryFor(parseTraceInput(args as Record<string, unknown>), ctx);
  },
  render(result) {
    const sections: Array<[string, string | undefined]> = [["Chain", renderChain(result.chain)]];
    if (result.other_traces?.length) sections.push(["Other campaigns on this event", result.other_traces.map((o) => `- ${o}`).join("\n")]);
    const problems = result.findings.filter((f) => f.severity !== "info");
    // A finding a link already states is named by its code; the others (failed reads) are shown whole.
    const stated = (f: Finding) => result.chain.some((l) => l.summary === f.message);
    const codes = problems.filter(stated).map((f) => `${f.severity === "error" ? "✖" : "⚠"} ${f.code}${f.pitfall ? ` (pitfall ${f.pitfall})` : ""}`);
    if (codes.length) sections.push(["Finding codes", codes.join(", ")]);
    const rest = problems.filter((f) => !stated(f));
    return renderResult({
      title: `Delivery trace: ${result.ok ? "nothing broken" : "broken link found"}`,
      summary: `**Verdict:** ${result.verdict}\n\n${result.summary} (${result.requests} API requests)`,
      sections,
      ...(rest.length ? { findings: rest } : {}),
    });
  },
});
