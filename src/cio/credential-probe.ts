/**
 * The I/O half of a credential check: ask one region's host, the other
 * region's host when the plan says the answer calls for it, and finally the
 * key as the other key type (a Track key in the App variable or the reverse).
 * Decisions about what the answers mean are the caller's (src/diagnosis).
 */
import type { Region } from "../config.js";
import type { RoundBudget } from "./deadline.js";
import type { ApiName, CioHttp, ProbeOutcome } from "./types.js";

export interface RegionProbe {
  /** The region whose host was asked. */
  asked: Region;
  /** The region whose host finally answered (a followed redirect may land on the other). */
  served: Region;
  outcome: ProbeOutcome;
}

export interface CredentialEvidence {
  /** One or two region probes, in the order asked. */
  probes: RegionProbe[];
  /** The key tried as the other key type, when the plan asked for it. */
  otherKeyType?: ProbeOutcome;
  /** Rounds the plan wanted but the call's time bound did not allow. */
  skipped: Array<"other_region" | "other_key_type">;
}

export interface CredentialProbePlan {
  api: Exclude<ApiName, "status">;
  /** The region asked first. */
  first: Region;
  probe(region: Region): Promise<ProbeOutcome>;
  /** Whether the first answer calls for the other region's host. */
  askOtherRegion(first: ProbeOutcome): boolean;
  /** The other-key-type request, when the region probes call for it. */
  otherKeyType?(probes: readonly RegionProbe[]): (() => Promise<ProbeOutcome>) | undefined;
}

function servedRegion(http: CioHttp, api: Exclude<ApiName, "status">, outcome: ProbeOutcome, asked: Region): Region {
  if (outcome.kind !== "response") return asked;
  try {
    const origin = new URL(outcome.response.finalUrl).origin;
    for (const r of ["us", "eu"] as const) if (new URL(http.baseUrl(api, r)).origin === origin) return r;
  } catch {
    /* keep the region asked */
  }
  return asked;
}

export async function gatherCredentialEvidence(http: CioHttp, plan: CredentialProbePlan, budget: RoundBudget): Promise<CredentialEvidence> {
  const other: Region = plan.first === "us" ? "eu" : "us";
  const skipped: CredentialEvidence["skipped"] = [];
  const at = async (region: Region): Promise<RegionProbe> => {
    const outcome = await plan.probe(region);
    return { asked: region, served: servedRegion(http, plan.api, outcome, region), outcome };
  };
  const probes = [await at(plan.first)];
  if (plan.askOtherRegion(probes[0]!.outcome)) {
    if (budget.fits()) probes.push(await at(other));
    else skipped.push("other_region");
  }
  const evidence: CredentialEvidence = { probes, skipped };
  const otherKeyType = plan.otherKeyType?.(probes);
  if (otherKeyType) {
    if (budget.fits()) evidence.otherKeyType = await otherKeyType();
    else skipped.push("other_key_type");
  }
  return evidence;
}
