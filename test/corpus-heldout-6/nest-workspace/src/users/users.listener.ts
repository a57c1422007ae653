import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CustomerioService } from '../customerio/customerio.service';

@Injectable()
export class UsersListener {
  constructor(private readonly cio: CustomerioService) {}

  // Emitted with emit() (not emitAsync), so the HTTP response never waits on these.
  @OnEvent('user.upgraded')
  async onUpgraded(payload: { userId: string; plan: string }) {
    await this.cio.track(payload.userId, 'Plan Upgraded', { plan: payload.plan });
  }

  @OnEvent('user.deleted')
  async onDeleted(payload: { userId: string; email: string }) {
    await this.cio.track(payload.userId, 'account_deleted_' + payload.email);
  }
}
