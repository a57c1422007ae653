import { Processor, WorkerHost } from "@nestjs/bullmq";
import type { Job } from "bullmq";
import { CustomerioService } from "../customerio/customerio.service";

@Processor("reminders")
export class ReminderProcessor extends WorkerHost {
  constructor(private readonly cio: CustomerioService) {
    super();
  }

  async process(job: Job<{ userId: string; cartId: string }>) {
    await this.cio.track(job.data.userId, "cart_reminder_due", { cart_id: job.data.cartId });
    return { done: true };
  }
}
