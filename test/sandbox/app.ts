/**
 * Sandbox App API: `GET /v1/workspaces` with a Bearer key, including the
 * US host's 301 "wrong datacenter" answer for EU keys. `appKeyCheck` is the
 * same key/region logic for other App routes.
 */
import { SANDBOX, type RouteHandler, type SandboxReply, type SandboxRequest, type SandboxState } from "./types.js";

/** Where the real US App API sends EU keys (customerio-node issue #134). */
export const WRONG_DATACENTER_HOST = "https://beta-api-eu.customer.io";

/**
 * An App API error in the spec's error-object shape (`{"errors":[{detail, status}]}`,
 * App spec `responses/429/content/application~1json/schema`); the spec documents no
 * 401/404 body, so the sandbox uses the one documented shape for all of them.
 */
export function appError(status: number, detail: string, extra: { code?: string; pointer?: string } = {}): SandboxReply {
  const error: Record<string, unknown> = { detail, status: String(status) };
  if (extra.code) error.code = extra.code;
  if (extra.pointer) error.source = { pointer: extra.pointer };
  return { status, body: { errors: [error] } };
}

const UNAUTHORIZED = appError(401, "unauthorized (reference sbx401)", { code: "invalid_credentials" });

/**
 * The region whose workspace owns the request's App key, or the reply to send
 * instead: 401 for an unknown key or a US key on the EU host, 301 "wrong
 * datacenter" for an EU key on the US host.
 */
export function appKeyCheck(req: SandboxRequest): { region: "us" | "eu" } | { reply: SandboxReply } {
  const token = req.auth.bearer;
  const region = (["us", "eu"] as const).find((r) => token !== undefined && token === SANDBOX[r].appApiKey);
  if (!region) return { reply: UNAUTHORIZED };
  if (req.host === "app-us" && region === "eu") {
    const query = req.query.toString();
    return {
      reply: {
        status: 301,
        headers: { location: `${WRONG_DATACENTER_HOST}${req.path}${query ? `?${query}` : ""}` },
        body: { errors: [{ detail: "wrong datacenter", status: "301" }] },
      },
    };
  }
  // Undocumented: assume the EU host refuses US keys like an unknown key.
  if (req.host === "app-eu" && region === "us") return { reply: UNAUTHORIZED };
  return { region };
}

interface SandboxWorkspace {
  /** An integer (App spec `GET /v1/workspaces` `responses/200` `workspaces[].id`). */
  id: number;
  name: string;
  messages_sent: number;
  billable_messages_sent: number;
  people: number;
  object_types: number;
  objects: number;
}

function workspaceList(region: "us" | "eu", state: SandboxState): SandboxWorkspace[] {
  const listed: SandboxWorkspace[] = SANDBOX[region].workspaces.map((w, i) => ({
    id: Number(w.id),
    name: w.name,
    messages_sent: 100202 + i,
    billable_messages_sent: 75124,
    people: 25666,
    object_types: 4,
    objects: 10,
  }));
  for (let i = 0; i < (state.extraWorkspaces ?? 0); i++) {
    listed.push({ id: (region === "us" ? 1000 : 2000) + i + 1, name: `Extra workspace ${i + 1}`, messages_sent: 0, billable_messages_sent: 0, people: 0, object_types: 0, objects: 0 });
  }
  return listed;
}

export const appRoutes: RouteHandler = (req, state) => {
  if (req.host !== "app-us" && req.host !== "app-eu") return undefined;
  if (req.method !== "GET" || req.path !== "/v1/workspaces") return undefined;
  const check = appKeyCheck(req);
  if ("reply" in check) return check.reply;
  return { status: 200, body: { workspaces: workspaceList(check.region, state) } };
};
