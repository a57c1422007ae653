import { customerio } from "./client";

export const EVENTS = {
  POST_CREATED: "post_created",
  COMMENT_ADDED: "comment_added",
  MEMBER_JOINED: "member_joined",
} as const;

export async function trackMemberEvent(memberId: string, eventName: string, properties?: Record<string, unknown>) {
  await customerio.track(memberId, { name: eventName, data: properties ?? {} });
}

export async function updateMember(memberId: string, attributes: Record<string, unknown>) {
  await customerio.identify(memberId, attributes);
}
