/**
 * Quarterly win-back: transactional email to members dormant for 90 days,
 * and a Pipelines event so the journey can branch on it.
 */
import Bottleneck from "bottleneck";
import dayjs from "dayjs";
import { APIClient, RegionUS, SendEmailRequest } from "customerio-node";
import { Analytics } from "@customerio/cdp-analytics-node";
import { db } from "../src/lib/db.js";

const WINBACK_MESSAGE = "21";

async function main() {
  const api = new APIClient("d81f0c3b9e2a47c6b5d08e1f3a7c9b24", { region: RegionUS });
  const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY!, host: "https://cdp.customer.io" });
  const limiter = new Bottleneck({ maxConcurrent: 4, minTime: 50 });

  const cutoff = dayjs().subtract(90, "day").toDate();
  const dormant = await db.selectFrom("members").selectAll().where("last_seen_at", "<", cutoff).execute();

  try {
    for (const m of dormant) {
      await limiter.schedule(() =>
        api.sendEmail(
          new SendEmailRequest({
            transactional_message_id: WINBACK_MESSAGE,
            to: m.email,
            identifiers: { id: m.id },
            message_data: { plan: m.plan },
          }),
        ),
      );
      analytics.track({ userId: m.id, event: "winback_sent", properties: { sent_at: dayjs().unix() } });
    }
  } finally {
    await analytics.closeAndFlush({ timeout: 10_000 });
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
