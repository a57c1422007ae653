import { onRequest, onCall } from "firebase-functions/v2/https";
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { trackClient, cioSiteId, cioTrackKey } from "./customerio";

export const signup = onRequest({ secrets: [cioSiteId, cioTrackKey] }, async (req, res) => {
  const { uid, email } = req.body;
  await trackClient().identify(uid, { email, created_at: Date.now() });
  res.status(201).send({ uid });
});

export const track = onCall({ secrets: [cioSiteId, cioTrackKey] }, async (request) => {
  const uid = request.auth?.uid ?? "anonymous";
  await trackClient().track(uid, { name: `clicked_${request.data.button}`, data: {} });
  return { ok: true };
});

export const onProfileCreated = onDocumentCreated("profiles/{uid}", async (event) => {
  const profile = event.data?.data() ?? {};
  await trackClient().identify(event.params.uid, { name: profile.name, phone: profile.phone, profile_created_at: Math.floor(Date.now() / 1000) });
});

export const contact = onRequest(async (req, res) => {
  await trackClient().track(req.body.uid, { name: "contact_" + req.body.phoneNumber, data: {} });
  res.sendStatus(204);
});
