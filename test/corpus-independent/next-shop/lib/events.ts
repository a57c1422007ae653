import { getCio } from "@/lib/cio";

export interface Order {
  id: string;
  userId: string;
  total: number;
  currency: string;
  placedAt: Date;
}

export async function trackOrder(order: Order) {
  return getCio().track(order.userId, {
    name: "order_placed",
    data: { order_id: order.id, total: order.total, currency: order.currency },
    timestamp: order.placedAt.getTime(),
  });
}

export async function trackRefund(order: Order) {
  return getCio().track(order.userId, {
    name: "order_refunded",
    data: { order_id: order.id },
    timestamp: Math.floor(order.placedAt.getTime() / 1000),
  });
}
