#!/usr/bin/env tsx
import { TrackClient, RegionUS } from "customerio-node";
import { loadAccounts } from "../src/accounts";

async function main() {
  const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
  const accounts = await loadAccounts();
  for (const account of accounts) {
    await cio.identify(account.ownerId, { plan: account.plan, plan_started_at: account.planStartedAt.getTime() });
  }
  console.log(`updated ${accounts.length} accounts`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

export function describe(account: { plan: string; planStartedAt: Date }) {
  return `${account.plan} since ${account.planStartedAt.getTime()}`;
}
