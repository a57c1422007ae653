import dayjs from "dayjs";
import { track } from "../cio.js";

export type Member = {
  id: string;
  email: string;
  plan: "free" | "trial" | "pro";
  createdAt: Date;
  trialEndsAt: Date | null;
  lastSeenAt: Date | null;
};

function toAttributes(m: Member) {
  return {
    email: m.email,
    plan: m.plan,
    created_at: dayjs(m.createdAt).unix(),
    trial_ends_at: m.trialEndsAt ? m.trialEndsAt.getTime() : null,
    last_seen_at: m.lastSeenAt ? Math.round(m.lastSeenAt.getTime() / 1000) : null,
  };
}

export function syncMember(m: Member) {
  return track.identify(m.id, toAttributes(m));
}

export function markRefunded(userId: string, orderId: string, amountCents: number) {
  return track.track(userId, { name: "order_refunded", data: { order_id: orderId, amount_cents: amountCents } });
}
