/**
 * lookup_customer's person-level checks that trace_delivery shares: devices
 * (from the attributes answer already read), topic preferences and the email
 * provider's suppression (one request each), and — for a person who is not
 * found — whether they were deleted or merged. Gathered in
 * src/cio/person-reads.ts, decided in src/diagnosis/reachability.ts.
 */
import type { Finding } from "../findings.js";
import type { AppAccess, CustomerRef } from "../cio/customers.js";
import { devicesFromAttributes, gatherPersonReach } from "../cio/person-reads.js";
import { lookupReachFindings, reachOut } from "../diagnosis/reachability.js";
import type { PersonCheck } from "./lookup-customer.js";

/** A push message or push activity in the person's history: then a missing device matters. */
function usesPush(messages: ReadonlyArray<{ type: string | null }>, activities: ReadonlyArray<{ type: string }>): boolean {
  return messages.some((m) => m.type === "push") || activities.some((a) => a.type.endsWith("_push") || a.type === "device_change");
}

export const reachabilityCheck: PersonCheck = {
  name: "reachability",
  async run(access, person) {
    const { profile, gathered } = person;
    const email = profile.email ?? profile.attributes.email ?? null;
    const reach = await gatherPersonReach(access, person.ref, { exists: true, email });
    const devices = gathered.attributes?.ok ? devicesFromAttributes(gathered.attributes.response.body) : [];
    const messages = gathered.messages?.ok ? gathered.messages.data.items : [];
    const activities = gathered.activities?.ok ? gathered.activities.data.items : [];
    const findings = lookupReachFindings(reach, { email, devices, usesPush: usesPush(messages, activities) });
    return { findings, customer: reachOut(reach, devices), requests: reach.requests };
  },
};

/** person_deleted for a person the reads did not find: one request to the deleted-people activities. */
export async function deletedPersonFindings(access: AppAccess, ref: CustomerRef): Promise<{ findings: Finding[]; requests: number }> {
  const reach = await gatherPersonReach(access, ref, { exists: false, email: null });
  return { findings: lookupReachFindings(reach, null), requests: reach.requests };
}
