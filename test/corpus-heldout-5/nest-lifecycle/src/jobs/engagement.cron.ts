import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import PQueue from 'p-queue';
import { CustomerIoService } from '../customerio';
import { UsersService } from '../users/users.service';

@Injectable()
export class EngagementCron {
  // 50 calls per second at most, whatever the batch size.
  private readonly queue = new PQueue({ concurrency: 5, interval: 1000, intervalCap: 50 });

  constructor(private readonly users: UsersService, private readonly cio: CustomerIoService) {}

  @Cron(CronExpression.EVERY_WEEK)
  async weeklyDigest() {
    const users = await this.users.findInactive();
    for (const u of users) {
      await this.cio.event(u.id, 'weekly_digest_ready', { plan: u.plan });
    }
  }

  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async refreshPlans() {
    const users = await this.users.findInactive();
    await Promise.all(users.map((u) => this.queue.add(() => this.cio.identify(u.id, { plan: u.plan }))));
  }
}
