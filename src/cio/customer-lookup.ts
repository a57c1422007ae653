/**
 * Gather for lookup_customer: the App API reads about one person in one
 * region, in two rounds (the email search, then the per-person reads in
 * parallel), each started only while it fits in the call's time bound.
 * Nothing is decided here: `src/diagnosis/lookup.ts` reads the result.
 */
import type { Region } from "../config.js";
import {
  getCustomerActivities,
  getCustomerAttributes,
  getCustomerMessages,
  getCustomerSegments,
  searchCustomersByEmail,
  type AppAccess,
  type AppResult,
  type CustomerActivity,
  type CustomerMatch,
  type CustomerMessage,
  type CustomerProfile,
  type CustomerRef,
  type CustomerSegment,
  type IdType,
  type Page,
} from "./customers.js";
import type { RoundBudget } from "./deadline.js";

export const LOOKUP_PAGES = { activities: 100, messages: 50, expectedEvents: 25 } as const;

export interface CustomerLookupRequest {
  by: IdType;
  value: string;
  /** The event that should have triggered a campaign, when asked. */
  eventName?: string;
}

/** Everything read about one person in one region; absent fields were not read. */
export interface CustomerGather {
  region: Region;
  /** The email search (email lookups only). */
  search?: AppResult<CustomerMatch[]>;
  /** How the person was addressed in the per-person reads. */
  ref?: CustomerRef;
  attributes?: AppResult<CustomerProfile>;
  segments?: AppResult<CustomerSegment[]>;
  activities?: AppResult<Page<CustomerActivity>>;
  messages?: AppResult<Page<CustomerMessage>>;
  /** Activities of type `event` with exactly the expected name. */
  expectedEvents?: AppResult<Page<CustomerActivity>>;
  /** App API requests made. */
  requests: number;
  /** Milliseconds the requests waited for the App API rate limiter, summed. */
  queuedMs: number;
  /** Rounds not started because they would not end within the call's bound. */
  skipped: Array<"search" | "person_reads">;
}

/** The safest handle for the per-person reads once the search found someone. */
export function refForMatch(match: CustomerMatch, email: string): CustomerRef {
  // cio_id never changes and needs no workspace setting.
  if (match.cio_id) return { value: match.cio_id, idType: "cio_id" };
  if (match.id) return { value: match.id, idType: "id" };
  return { value: email, idType: "email" };
}

export async function gatherCustomer(access: AppAccess, request: CustomerLookupRequest, budget: RoundBudget): Promise<CustomerGather> {
  const g: CustomerGather = { region: access.region, requests: 0, queuedMs: 0, skipped: [] };
  const counted = async <T>(p: Promise<AppResult<T>>): Promise<AppResult<T>> => {
    g.requests++;
    const r = await p;
    if (r.ok) g.queuedMs += r.response.queuedMs ?? 0;
    return r;
  };

  if (request.by === "email") {
    if (!budget.fits()) {
      g.skipped.push("search");
      return g;
    }
    g.search = await counted(searchCustomersByEmail(access, request.value));
    if (!g.search.ok || g.search.data.length === 0) return g;
    g.ref = refForMatch(g.search.data[0]!, request.value);
  } else {
    g.ref = { value: request.value, idType: request.by };
  }

  if (!budget.fits()) {
    g.skipped.push("person_reads");
    return g;
  }
  const ref = g.ref;
  // Independent reads: in parallel, so the round costs one request's time (the limiter paces them).
  const [attributes, segments, activities, messages, expectedEvents] = await Promise.all([
    counted(getCustomerAttributes(access, ref)),
    counted(getCustomerSegments(access, ref)),
    counted(getCustomerActivities(access, ref, { limit: LOOKUP_PAGES.activities })),
    counted(getCustomerMessages(access, ref, { limit: LOOKUP_PAGES.messages })),
    request.eventName
      ? counted(getCustomerActivities(access, ref, { type: "event", name: request.eventName, limit: LOOKUP_PAGES.expectedEvents }))
      : Promise.resolve(undefined),
  ]);
  Object.assign(g, { attributes, segments, activities, messages });
  if (expectedEvents) g.expectedEvents = expectedEvents;
  return g;
}
