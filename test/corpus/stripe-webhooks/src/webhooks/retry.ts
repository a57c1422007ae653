import { notifier } from "../notify/cio";

export async function replayFailedPayments(invoices: Array<{ customer: string; amount: number }>) {
  await Promise.all(invoices.map((inv) => notifier.paymentEvent(inv.customer, "payment_failed", { amount: inv.amount })));
}

export async function replaySlowly(invoices: Array<{ customer: string; amount: number }>) {
  for (const inv of invoices) {
    await notifier.paymentEvent(inv.customer, "PaymentRetried", { amount: inv.amount });
    await new Promise((r) => setTimeout(r, 200));
  }
}
