/**
 * Sandbox Track API: only the documented read-only region endpoint (getRegion) answers
 * with data. Write calls are recorded by the server and answered `200 {}`
 * (the documented empty-object success) so tests can prove none were sent.
 */
import { SANDBOX, type RouteHandler, type SandboxReply, type SandboxRequest } from "./types.js";

/** The real Track URLs, as the region endpoint reports them (not the sandbox's own). */
export const REAL_TRACK_URL = { us: "https://track.customer.io", eu: "https://track-eu.customer.io" } as const;

export function trackWorkspaceFor(req: SandboxRequest): "us" | "eu" | undefined {
  const basic = req.auth.basic;
  if (!basic) return undefined;
  for (const region of ["us", "eu"] as const) {
    const w = SANDBOX[region];
    if (basic.user === w.siteId && basic.password === w.trackApiKey) return region;
  }
  return undefined;
}

// The Track 401 body is undocumented: an empty body is the safest stand-in.
const UNAUTHORIZED: SandboxReply = { status: 401 };

export const trackRoutes: RouteHandler = (req) => {
  if (req.host !== "track-us" && req.host !== "track-eu") return undefined;
  if (req.method !== "GET" && req.method !== "HEAD") return { status: 200, body: {} };
  if (req.path !== "/api/v1/accounts/region") return undefined;
  const region = trackWorkspaceFor(req);
  if (!region) return UNAUTHORIZED;
  // Either host answers for either region: "You can perform this operation against either of the
  // track API regional URLs; it returns your region in either case." (Track spec, getRegion description)
  return {
    status: 200,
    body: { url: REAL_TRACK_URL[region], region, environment_id: SANDBOX[region].environmentId },
  };
};
