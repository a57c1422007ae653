import { onDocumentCreated, onDocumentUpdated } from "firebase-functions/v2/firestore";
import { CIO_TRACK_KEY, recordEvent, syncMember, trackClient } from "../customerio";

type Member = {
  email: string;
  displayName: string;
  joinedAt: FirebaseFirestore.Timestamp;
  emailVerified: boolean;
};

export const onMemberCreated = onDocumentCreated(
  { document: "members/{uid}", secrets: [CIO_TRACK_KEY] },
  async (event) => {
    const uid = event.params.uid;
    const member = event.data?.data() as Member | undefined;
    if (!member) return;

    await trackClient().track(uid, { name: "member_joined", data: { source: "app" } });
    await syncMember(uid, {
      email: member.email,
      name: member.displayName,
      joined_at: member.joinedAt.toMillis(),
    });
  },
);

export const onMemberUpdated = onDocumentUpdated(
  { document: "members/{uid}", secrets: [CIO_TRACK_KEY] },
  async (event) => {
    const uid = event.params.uid;
    const before = event.data?.before.data() as Member | undefined;
    const after = event.data?.after.data() as Member | undefined;
    if (!before || !after) return;

    await syncMember(uid, { email: after.email, name: after.displayName, joined_at: after.joinedAt.seconds });
    if (!before.emailVerified && after.emailVerified) {
      await recordEvent(uid, "email_verified", { email: after.email });
    }
  },
);
