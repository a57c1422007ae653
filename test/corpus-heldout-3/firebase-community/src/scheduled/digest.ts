import { getFirestore } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { SendEmailRequest } from "customerio-node";
import PQueue from "p-queue";
import { apiClient, CIO_APP_KEY, CIO_TRACK_KEY, syncMember } from "../customerio";

async function activeMembers() {
  const snap = await getFirestore().collection("members").where("digest", "==", true).get();
  return snap.docs.map((d) => ({ uid: d.id, email: d.get("email") as string }));
}

export const weeklyDigest = onSchedule(
  { schedule: "every monday 08:00", secrets: [CIO_APP_KEY, CIO_TRACK_KEY] },
  async () => {
    const members = await activeMembers();
    for (const m of members) {
      await apiClient().sendEmail(
        new SendEmailRequest({
          transactional_message_id: "weekly_digest",
          to: m.email,
          identifiers: { id: m.uid },
        }),
      );
    }
  },
);

// 10 a second is the transactional API's documented ceiling.
const queue = new PQueue({ interval: 1000, intervalCap: 10 });

export const monthlyRecap = onSchedule(
  { schedule: "1 of month 09:00", secrets: [CIO_TRACK_KEY] },
  async () => {
    const members = await activeMembers();
    await Promise.all(
      members.map((m) => queue.add(() => syncMember(m.uid, { recap_sent_at: Math.floor(Date.now() / 1000) }))),
    );
  },
);
