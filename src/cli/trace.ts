/**
 * `customerio-doctor trace`: trace_delivery for a person at a terminal — the
 * verdict first, then ✔/✖ per link of the chain, the deliveries and the
 * findings — or its structured result with --json. Exit 1 when a link is
 * broken (or the trace could not be made).
 */
import type { Finding } from "../findings.js";
import { traceDelivery } from "../tools/trace-delivery.js";
import { atMostOne, EXIT_OK, EXIT_PROBLEMS, positiveInteger, UsageError, type CliCommand, type ParsedValues } from "./context.js";
import { createPalette, printable, type Palette } from "./format.js";

export interface TraceLinkOut {
  step: string;
  status: string;
  summary: string;
  evidence?: string;
}

export interface TraceOut {
  ok: boolean;
  person?: { id?: string; email?: string; cio_id?: string } | null;
  target?: { kind: string; id: number | string; name: string; state?: string } | null;
  chain: TraceLinkOut[];
  verdict: string;
  deliveries: Array<{ id: string; type: string; created?: string; state: string; metrics: string[]; failure_message?: string }>;
  other_traces?: string[];
  requests: number;
  summary: string;
  findings: Finding[];
}

/** The flags of `trace` (and of `report`, which traces too). */
export const TRACE_OPTIONS = {
  id: { type: "string" },
  email: { type: "string" },
  "cio-id": { type: "string" },
  campaign: { type: "string" },
  broadcast: { type: "string" },
  transactional: { type: "string" },
  delivery: { type: "string" },
  event: { type: "string" },
  channel: { type: "string" },
} as const;

/** trace_delivery's arguments from parsed flags; usage errors for a missing person or two targets. */
export function traceArgsFromFlags(values: ParsedValues, options: { personRequired: boolean } = { personRequired: true }): Record<string, unknown> | undefined {
  const person = atMostOne(values, ["id", "email", "cio-id"]);
  const target = atMostOne(values, ["campaign", "broadcast", "transactional", "delivery"]);
  if (!person) {
    if (options.personRequired) throw new UsageError("trace needs a person: --id, --email or --cio-id");
    if (target || values.event !== undefined) throw new UsageError(`--${target ?? "event"} needs a person: --id, --email or --cio-id`);
    return undefined;
  }
  const args: Record<string, unknown> = { [person === "cio-id" ? "cio_id" : person]: values[person] as string };
  if (target === "campaign") args.campaign_id = positiveInteger("campaign", values.campaign as string);
  if (target === "broadcast") args.broadcast_id = positiveInteger("broadcast", values.broadcast as string);
  if (target === "transactional") {
    const raw = values.transactional as string;
    args.transactional_id = /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
  }
  if (target === "delivery") args.delivery_id = values.delivery as string;
  if (values.event !== undefined) args.event_name = values.event as string;
  if (values.channel !== undefined) args.channel = values.channel as string;
  return args;
}

const MARK: Record<string, (p: Palette) => string> = {
  ok: (p) => p.ok("✔"),
  broken: (p) => p.error("✖"),
  warning: (p) => p.warning("⚠"),
  unknown: (p) => p.dim("?"),
  skipped: (p) => p.dim("·"),
};

/** The trace for a terminal: verdict first, one line per link, then deliveries and findings. */
export function formatTrace(result: TraceOut, p: Palette): string {
  const out: string[] = [];
  const who = result.person ? (result.person.id ?? result.person.email ?? result.person.cio_id ?? "") : "";
  const what = result.target ? `${result.target.kind} ${result.target.id} "${result.target.name}"` : "";
  out.push(p.bold(`Delivery trace${who ? ` for ${printable(who)}` : ""}${what ? ` → ${printable(what)}` : ""}`), "");
  out.push(result.ok ? p.ok(printable(result.verdict)) : p.bold(printable(result.verdict)), "");
  const width = Math.max(...result.chain.map((c) => c.step.length), 0);
  for (const link of result.chain) {
    out.push(`${(MARK[link.status] ?? MARK.unknown!)(p)} ${link.step.padEnd(width)}  ${printable(link.summary)}`);
    if (link.evidence && link.status !== "ok" && link.status !== "skipped") out.push(p.dim(`  ${" ".repeat(width)}  ${printable(link.evidence)}`));
  }
  if (result.deliveries.length > 0) {
    out.push("", p.bold("Deliveries"));
    for (const d of result.deliveries) {
      out.push(`  ${printable(d.id)}  ${d.type}  ${d.state}${d.created ? `  ${d.created}` : ""}${d.failure_message ? `  ${printable(d.failure_message)}` : ""}`);
    }
  }
  for (const o of result.other_traces ?? []) out.push(`also ${printable(o)}`);
  const codes = result.findings.filter((f) => f.severity !== "info").map((f) => `${f.code}${f.pitfall ? ` (pitfall ${f.pitfall})` : ""}`);
  if (codes.length) out.push("", `Findings: ${codes.join(", ")}`);
  out.push("", p.dim(`${result.requests} App API requests, all read-only.`));
  return `${out.join("\n")}\n`;
}

export function traceBroken(result: TraceOut): boolean {
  return !result.ok || result.chain.some((c) => c.status === "broken");
}

export const trace: CliCommand = {
  name: "trace",
  usage: `  customerio-doctor trace (--id ID | --email E | --cio-id C) [--campaign N | --broadcast N | --transactional ID | --delivery ID] [--event NAME] [--channel C] [--json]
      Why did (or didn't) this person get this message: the chain person →
      target → trigger → audience → reachability → delivery, ✔/✖ per link,
      the verdict first. Exit 1 when a link is broken.`,
  options: { json: { type: "boolean" }, ...TRACE_OPTIONS },
  async run(values, _positionals, ctx) {
    const args = traceArgsFromFlags(values)!;
    const result = (await ctx.runTool(traceDelivery, args)) as unknown as TraceOut;
    ctx.out(values.json === true ? ctx.json(result) : formatTrace(result, createPalette(ctx.color)));
    return traceBroken(result) ? EXIT_PROBLEMS : EXIT_OK;
  },
};
