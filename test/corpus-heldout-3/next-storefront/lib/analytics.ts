import { getCio } from "./cio";

export const EVENTS = {
  addedToCart: "added_to_cart",
  searched: "products_searched",
  checkoutStarted: "checkout_started",
} as const;

export function track(userId: string, name: string, data: Record<string, unknown> = {}) {
  return getCio().track(userId, { name, data });
}

export function identifyUser(userId: string, attrs: Record<string, unknown>) {
  return getCio().identify(userId, attrs);
}

export function trackAnonymous(anonymousId: string, name: string, data: Record<string, unknown> = {}) {
  return getCio().trackAnonymous(anonymousId, { name, data });
}
