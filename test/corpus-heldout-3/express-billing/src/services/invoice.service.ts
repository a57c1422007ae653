import type Stripe from "stripe";
import { cio, sendReceipt, trackLater } from "@/lib";

function accountIdOf(obj: { metadata: Stripe.Metadata | null; customer: unknown }): string {
  return obj.metadata?.account_id ?? String(obj.customer);
}

export class InvoiceService {
  async onPaid(invoice: Stripe.Invoice): Promise<void> {
    const accountId = accountIdOf(invoice);
    trackLater(accountId, "invoice_paid", {
      amount: invoice.amount_paid / 100,
      currency: invoice.currency,
      // Stripe already reports Unix seconds
      paid_at: invoice.status_transitions.paid_at,
    });
    if (invoice.customer_email) {
      await sendReceipt(invoice.customer_email, accountId, {
        number: invoice.number,
        total: invoice.total / 100,
      });
    }
  }

  async onRefunded(charge: Stripe.Charge): Promise<void> {
    await cio.track(accountIdOf(charge), {
      name: "invoice refunded",
      data: {
        amount: charge.amount_refunded / 100,
        refunded_at: Date.now(),
      },
    });
  }
}
