/**
 * The App API's read-only credential test: `GET /v1/workspaces` with the App
 * key as a Bearer token. It lists the workspaces the key can see.
 */
import type { Region } from "../config.js";
import { settle } from "./probe.js";
import type { CioHttp, CioResponse, ParsedBody, ProbeOutcome } from "./types.js";

export const WORKSPACES_PATH = "/v1/workspaces";

export interface WorkspaceSummary {
  id: string;
  name: string;
}

export function listWorkspaces(http: CioHttp, region: Region, apiKey: string, signal: AbortSignal): Promise<ProbeOutcome> {
  return settle(http.get({ api: "app", region, path: WORKSPACES_PATH, auth: { kind: "bearer", token: apiKey }, signal }));
}

/** Fields `parseWorkspaces` reads (App spec `GET /v1/workspaces` `responses/200`). */
export const READS = [{ operation: "GET /v1/workspaces", status: 200, fields: ["workspaces[].id", "workspaces[].name"] }] as const;

/** `{"workspaces":[{id, name, ...}]}` as id/name pairs, or undefined when the body is not that shape. */
export function parseWorkspaces(body: ParsedBody): WorkspaceSummary[] | undefined {
  if (body.kind !== "json" || !body.value || typeof body.value !== "object") return undefined;
  const raw = (body.value as { workspaces?: unknown }).workspaces;
  // A null list is an empty one.
  const list = raw === null ? [] : raw;
  if (!Array.isArray(list)) return undefined;
  const out: WorkspaceSummary[] = [];
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const { id, name } = item as { id?: unknown; name?: unknown };
    if (typeof id !== "string" && typeof id !== "number") continue;
    out.push({ id: String(id), name: typeof name === "string" ? name : "" });
  }
  return out;
}

/** Whether a response is the App API's "wrong datacenter" answer: the key belongs to the other region. */
export function isWrongDatacenter(response: CioResponse): boolean {
  if (response.status < 300 || response.status >= 400) return false;
  const body = response.body;
  if (body.kind === "json" || body.kind === "text") {
    if (/wrong datacenter/i.test(body.text)) return true;
  }
  const target = response.blockedRedirect ?? response.headers.location ?? "";
  return /(^|\/\/)[^/]*-eu\.customer\.io/i.test(target);
}
