import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { CustomerioService } from '../customerio/customerio.service';

interface DigestJob {
  userIds: string[];
  week: string;
}

@Processor('digest')
export class DigestProcessor extends WorkerHost {
  constructor(private readonly cio: CustomerioService) {
    super();
  }

  async process(job: Job<DigestJob>) {
    if (job.name === 'reminder') return this.remind(job.data);
    for (const userId of job.data.userIds) {
      await this.cio.track(userId, 'weekly_digest_ready', { week: job.data.week, queued_at: Date.now() });
    }
  }

  // Reminders go out slowly on purpose: ~10 per second stays far under the Track API limit.
  private async remind(data: DigestJob) {
    for (const userId of data.userIds) {
      await this.cio.track(userId, 'digest_reminder', { week: data.week });
      await sleep(100);
    }
  }
}
