import { getFirestore } from "firebase-admin/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { RegionUS, TrackClient } from "customerio-node";
import { CIO_SITE_ID, CIO_TRACK_KEY } from "../customerio";

export const sendInvite = onRequest({ secrets: [CIO_TRACK_KEY], cors: true }, async (req, res) => {
  const { inviterUid, inviteeEmail, groupId } = req.body as {
    inviterUid: string;
    inviteeEmail: string;
    groupId: string;
  };
  const ref = await getFirestore().collection("invites").add({ inviterUid, inviteeEmail, groupId });

  const cio = new TrackClient(CIO_SITE_ID.value(), CIO_TRACK_KEY.value(), { region: RegionUS });
  await cio.track(inviterUid, {
    name: "invite_sent",
    data: { invite_id: ref.id, group_id: groupId, invitee_email: inviteeEmail },
  });

  res.status(201).json({ id: ref.id });
});
