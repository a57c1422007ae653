import { Injectable, Logger } from "@nestjs/common";
import { Cron, CronExpression } from "@nestjs/schedule";
import { setTimeout as sleep } from "node:timers/promises";
import { CustomerioService } from "../customerio/customerio.service";
import { UsersRepository } from "../users/users.repository";

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

@Injectable()
export class SyncCron {
  private readonly logger = new Logger(SyncCron.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly cio: CustomerioService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async hourlyProfileSync() {
    const users = await this.users.findActive();
    for (const user of users) {
      await this.cio.identify(user);
    }
    this.logger.log(`synced ${users.length} profiles`);
  }

  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async nightlyActivity() {
    const users = await this.users.findActive();
    for (const batch of chunk(users, 50)) {
      await Promise.all(batch.map((u) => this.cio.track(u.id, "daily_active_check", {})));
      await sleep(1000);
    }
  }

  @Cron(CronExpression.EVERY_WEEK)
  async weeklyHeartbeat() {
    const users = await this.users.findActive();
    await Promise.all(users.map((u) => this.cio.track(u.id, "weekly_heartbeat")));
  }
}
