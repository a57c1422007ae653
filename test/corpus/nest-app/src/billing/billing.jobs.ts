import { Injectable } from "@nestjs/common";
import { CustomerioService } from "../customerio/customerio.service";

@Injectable()
export class BillingJobs {
  constructor(private readonly cio: CustomerioService) {}

  async remindOverdue(accounts: Array<{ id: string; daysOverdue: number }>) {
    for (const account of accounts) {
      await this.cio.track(account.id, "invoice_overdue", { days: account.daysOverdue });
    }
  }
}

@Injectable()
export class ClientHolder {
  private client?: import("customerio-node").TrackClient;

  async get() {
    const { TrackClient } = await import("customerio-node");
    this.client ??= new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);
    return this.client;
  }
}
