import { initializeApp } from "firebase-admin/app";

initializeApp();

export { sendInvite } from "./http/invite";
export { rsvp, cancelRsvp } from "./callable/rsvp";
export { onMemberCreated, onMemberUpdated } from "./triggers/members";
export { onPostCreated, onCommentCreated } from "./triggers/posts";
export { weeklyDigest, monthlyRecap } from "./scheduled/digest";
