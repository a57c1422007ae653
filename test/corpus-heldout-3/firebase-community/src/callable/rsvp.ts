import { getFirestore, FieldValue } from "firebase-admin/firestore";
import { HttpsError, onCall } from "firebase-functions/v2/https";
import { CIO_TRACK_KEY, recordEvent } from "../customerio";

type RsvpInput = { eventId: string };

async function loadEvent(eventId: string) {
  const snap = await getFirestore().doc(`events/${eventId}`).get();
  if (!snap.exists) throw new HttpsError("not-found", "no such event");
  return { id: snap.id, ...(snap.data() as { slug: string; startsAt: FirebaseFirestore.Timestamp }) };
}

export const rsvp = onCall<RsvpInput>({ secrets: [CIO_TRACK_KEY] }, async (request) => {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError("unauthenticated", "sign in first");
  const event = await loadEvent(request.data.eventId);
  await getFirestore().doc(`events/${event.id}`).update({ attendees: FieldValue.arrayUnion(uid) });

  await recordEvent(uid, "rsvp_created", { event_id: event.id, starts_at: event.startsAt.seconds });
  await recordEvent(uid, `rsvp_${event.slug}`, { event_id: event.id });
  return { ok: true };
});

export const cancelRsvp = onCall<RsvpInput>({ secrets: [CIO_TRACK_KEY] }, async (request) => {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError("unauthenticated", "sign in first");
  const event = await loadEvent(request.data.eventId);
  await getFirestore().doc(`events/${event.id}`).update({ attendees: FieldValue.arrayRemove(uid) });

  await recordEvent(uid, "rsvpCancelled", { event_id: event.id, cancelled_at: Date.now() });
  return { ok: true };
});
