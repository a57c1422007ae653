import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CustomerIoService } from '../customerio';

@Controller('billing')
export class BillingController {
  constructor(private readonly cio: CustomerIoService) {}

  @Post('webhook')
  @HttpCode(200)
  async webhook(@Body() event: { type: string; data: { object: any } }) {
    const invoice = event.data.object;
    if (event.type === 'invoice.payment_failed') {
      await this.cio.event(invoice.metadata.user_id, `invoice_failed_${invoice.customer_email}`, { amount: invoice.amount_due });
    }
    if (event.type === 'invoice.paid') {
      void this.cio.event(invoice.metadata.user_id, 'invoice_paid', { email: invoice.customer_email });
      this.cio
        .sendTransactional('invoice_paid', invoice.customer_email, { amount: invoice.amount_paid })
        .catch(() => undefined);
    }
    return { received: true };
  }
}
