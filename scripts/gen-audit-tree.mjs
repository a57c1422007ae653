// Generates a source tree for timing audit_code: N JavaScript/TypeScript
// files in nested packages, a share of them calling Customer.io (routes,
// services, import scripts), the rest ordinary application code. With
// helpers (the default), every package has its own services/customerio.ts
// helper module and two thirds of the Customer.io files are callers that
// reach it through imports (routes awaiting it, jobs calling it per row),
// the way real integrations are written.
//
//   node scripts/gen-audit-tree.mjs [--files 5000] [--cio-ratio 0.3] [--no-helpers] [--out DIR]
//
// Prints the directory. Deterministic for a given file count and ratio.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Small deterministic PRNG (mulberry32) so every run builds the same tree. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ["order", "invoice", "user", "account", "cart", "product", "coupon", "shipment", "review", "plan", "team", "report"];
const VERBS = ["created", "updated", "viewed", "shared", "archived", "exported", "renewed", "cancelled", "approved"];

function customerIoModule(i, pick) {
  const noun = pick(NOUNS);
  const verb = pick(VERBS);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  return `import express, { type Request, type Response } from "express";
import { TrackClient, RegionUS } from "customerio-node";
import { ${noun}Repository } from "../data/${noun}-repository";

const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });
export const router${i} = express.Router();

interface ${Noun}Payload {
  id: string;
  ownerId: string;
  total: number;
  tags: string[];
  createdAt: Date;
}

function validate${Noun}(input: Partial<${Noun}Payload>): ${Noun}Payload {
  if (!input.id || !input.ownerId) throw new Error("id and ownerId are required");
  return { id: input.id, ownerId: input.ownerId, total: input.total ?? 0, tags: input.tags ?? [], createdAt: input.createdAt ?? new Date() };
}

router${i}.post("/${noun}s", async (req: Request, res: Response) => {
  const payload = validate${Noun}(req.body);
  const saved = await ${noun}Repository.insert(payload);
  cio.track(saved.ownerId, { name: "${noun}_${verb}", data: { ${noun}_id: saved.id, total: saved.total } })
    .catch((err: Error) => req.log.warn({ err }, "customer.io track failed"));
  res.status(201).json(saved);
});

router${i}.put("/${noun}s/:id", async (req: Request, res: Response) => {
  const current = await ${noun}Repository.find(req.params.id);
  if (!current) return res.sendStatus(404);
  const next = { ...current, ...validate${Noun}({ ...current, ...req.body }) };
  await ${noun}Repository.update(next);
  await cio.identify(next.ownerId, { last_${noun}_at: ${i % 7 === 0 ? "Date.now()" : "Math.floor(Date.now() / 1000)"} });
  return res.json(next);
});

export async function backfill${Noun}s(rows: ${Noun}Payload[]) {
  for (const row of rows) {
    await cio.track(row.ownerId, {
      name: ${i % 11 === 0 ? `\`${noun}_\${row.tags[0]}\`` : `"${noun}_imported"`},
      data: { ${noun}_id: row.id, created_at: Math.floor(row.createdAt.getTime() / 1000) },
    });
  }
}

export function summarize${Noun}s(rows: ${Noun}Payload[]) {
  const byOwner = new Map<string, number>();
  for (const row of rows) byOwner.set(row.ownerId, (byOwner.get(row.ownerId) ?? 0) + row.total);
  return [...byOwner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
}
`;
}

function helperModule() {
  return `import { TrackClient, RegionUS } from "customerio-node";

const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });

export async function identifyUser(id: string, attributes: Record<string, unknown>) {
  await cio.identify(id, attributes);
}

export async function trackEvent(id: string, name: string, data: Record<string, unknown> = {}) {
  await cio.track(id, { name, data });
}

export function trackLater(id: string, name: string) {
  cio.track(id, { name, data: {} }).catch(() => undefined);
}
`;
}

function callerModule(i, pick) {
  const noun = pick(NOUNS);
  const verb = pick(VERBS);
  return `import { Router } from "express";
import { identifyUser, trackEvent, trackLater } from "../services/customerio";
import pLimit from "p-limit";

export const routes${i} = Router();
const limit = pLimit(4);

routes${i}.post("/${noun}s/${i}", async (req, res) => {
  ${i % 3 === 0 ? "await " : ""}trackEvent(req.body.userId, "${noun}_${verb}", { id: req.body.id })${i % 3 === 0 ? "" : ".catch(() => undefined)"};
  trackLater(req.body.userId, "${noun}_seen");
  res.status(201).json({ ok: true });
});

export async function sync${i}(rows: Array<{ id: string; seenAt: number }>) {
  ${i % 4 === 0 ? "for (const row of rows) await identifyUser(row.id, { last_seen_at: row.seenAt });" : "await Promise.all(rows.map((row) => limit(() => identifyUser(row.id, { last_seen_at: Math.floor(row.seenAt / 1000) }))));"}
}
`;
}

function plainModule(i, pick) {
  const noun = pick(NOUNS);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  return `// ${Noun} helpers (${i}).
import { z } from "zod";
import { formatDate } from "../lib/dates";

export const ${noun}Schema${i} = z.object({ id: z.string(), amount: z.number() });
export const stamp${i} = () => formatDate(new Date());

export interface ${Noun}Row {
  id: string;
  ownerId: string;
  amount: number;
  status: "open" | "closed" | "pending";
  labels: string[];
  updatedAt: string;
}

export class ${Noun}Index${i} {
  private readonly rows = new Map<string, ${Noun}Row>();

  constructor(initial: ${Noun}Row[] = []) {
    for (const row of initial) this.rows.set(row.id, row);
  }

  upsert(row: ${Noun}Row): void {
    const existing = this.rows.get(row.id);
    this.rows.set(row.id, existing ? { ...existing, ...row, labels: [...new Set([...existing.labels, ...row.labels])] } : row);
  }

  byStatus(status: ${Noun}Row["status"]): ${Noun}Row[] {
    return [...this.rows.values()].filter((r) => r.status === status).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.rows.values()) out[r.ownerId] = (out[r.ownerId] ?? 0) + r.amount;
    return out;
  }
}

export function parse${Noun}Csv(text: string): ${Noun}Row[] {
  const [header, ...lines] = text.trim().split(/\\r?\\n/);
  const cols = (header ?? "").split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const get = (name: string) => cells[cols.indexOf(name)] ?? "";
    return {
      id: get("id"),
      ownerId: get("owner_id"),
      amount: Number(get("amount")) || 0,
      status: (["open", "closed", "pending"].includes(get("status")) ? get("status") : "open") as ${Noun}Row["status"],
      labels: get("labels").split(";").filter(Boolean),
      updatedAt: get("updated_at") || new Date(0).toISOString(),
    };
  });
}

export const format${Noun}Amount = (cents: number, currency = "USD"): string =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);

export async function retry<T>(fn: () => Promise<T>, attempts = 3, delayMs = 200): Promise<T> {
  let lastError: unknown;
  for (let n = 0; n < attempts; n++) {
    try {
      return await fn();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, delayMs * 2 ** n));
    }
  }
  throw lastError;
}
`;
}

/** Writes the tree into `dir`; returns how many files of each kind were written. */
export function generateAuditTree(dir, { files = 5000, cioRatio = 0.3, helpers = true } = {}) {
  const rand = prng(files * 7919 + Math.round(cioRatio * 1000));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  let cio = 0;
  let callers = 0;
  const PACKAGES = 40;
  let written = 0;
  if (helpers) {
    for (let p = 0; p < PACKAGES && written < files; p++, written++) {
      const folder = join(dir, `packages/pkg-${String(p).padStart(2, "0")}`, "src/services");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "customerio.ts"), helperModule());
      cio++;
    }
  }
  for (let i = 0; written < files; i++, written++) {
    const pkg = `packages/pkg-${String(i % PACKAGES).padStart(2, "0")}`;
    const sub = `src/${pick(["routes", "services", "lib", "jobs", "domain"])}`;
    const folder = join(dir, pkg, sub);
    mkdirSync(folder, { recursive: true });
    const useCio = rand() < cioRatio;
    const viaHelper = helpers && useCio && i % 3 !== 0;
    // Some .tsx, so both parser set-ups (with and without JSX) are timed.
    const ext = i % 5 === 0 ? ".tsx" : ".ts";
    const body = viaHelper ? callerModule(i, pick) : useCio ? customerIoModule(i, pick) : plainModule(i, pick);
    writeFileSync(join(folder, `module-${i}${ext}`), body);
    if (viaHelper) callers++;
    else if (useCio) cio++;
  }
  return { files, customerio: cio, callers, plain: files - cio - callers };
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = Number(option("--files", "5000"));
  const cioRatio = Number(option("--cio-ratio", "0.3"));
  const out = option("--out", "") || mkdtempSync(join(tmpdir(), "cio-audit-tree-"));
  const counts = generateAuditTree(out, { files, cioRatio, helpers: !process.argv.includes("--no-helpers") });
  process.stdout.write(`${out}\n`);
  process.stderr.write(`wrote ${counts.files} files (${counts.customerio} calling Customer.io, ${counts.callers} reaching it through helpers)\n`);
}
