import { Body, Controller, Post } from "@nestjs/common";
import { TrackClient } from "customerio-node";
import { CustomerioService } from "../customerio/customerio.service";

@Controller("billing")
export class BillingController {
  constructor(private readonly cio: CustomerioService) {}

  @Post("invoices")
  async invoice(@Body() body: { userId: string; email: string; invoiceId: string; kind: string }) {
    await this.cio.sendInvoiceEmail(body.email, body.invoiceId);
    await this.cio.track(body.userId, `invoice_${body.kind}`, { invoiceId: body.invoiceId });
    return { sent: true };
  }

  @Post("refunds")
  async refund(@Body() body: { userId: string }) {
    const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);
    void client.track(body.userId, { name: "refund_issued", data: {} });
    return { refunded: true };
  }
}
