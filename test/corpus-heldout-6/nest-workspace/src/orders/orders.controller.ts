import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RegionEU, TrackClient } from 'customerio-node';
import { CustomerioService } from '../customerio/customerio.service';
import { CIO_TRACK } from '../customerio/customerio.module';

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly cio: CustomerioService,
    private readonly config: ConfigService,
    @Inject(CIO_TRACK) private readonly track: TrackClient,
  ) {}

  @Post(':id/ship')
  async ship(@Param('id') id: string, @Body() body: { userId: string; email: string; carrier: string }) {
    await this.cio.sendTransactional('order_shipped', body.email, body.userId, { order: id, carrier: body.carrier });
    return { shipped: true };
  }

  @Post(':id/refund')
  async refund(@Param('id') id: string, @Body() body: { userId: string; reason: string }) {
    const cio = new TrackClient(this.config.getOrThrow('CIO_SITE_ID'), this.config.getOrThrow('CIO_TRACK_API_KEY'), {
      region: RegionEU,
    });
    cio.track(body.userId, { name: 'order_refunded', data: { order: id, reason: body.reason } }).catch(() => undefined);
    return { refunded: true };
  }

  @Post('guest')
  async guest(@Body() body: { cartId: string; email: string }) {
    const guestId = `cart:${body.cartId}`;
    void this.cio.track(guestId, 'guest_checkout_started', { cart: body.cartId });
    void this.cio.identify(guestId, { email: body.email });
    return { guestId };
  }

  @Post(':id/confirm')
  async confirm(@Param('id') id: string, @Body() body: { userId: string; email: string }) {
    void this.track.identify(body.userId, { email: body.email, last_order: id });
    void this.track.track(body.userId, { name: 'order_confirmed', data: { order: id } });
    return { confirmed: true };
  }
}
