import { Injectable, Logger } from "@nestjs/common";
import { APIClient, TrackClient, RegionUS } from "customerio-node";

@Injectable()
export class CustomerioService {
  private readonly logger = new Logger(CustomerioService.name);
  private readonly client: TrackClient;
  private readonly app: APIClient;

  constructor() {
    this.client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
    this.app = new APIClient(process.env.CIO_SITE_ID!, { region: RegionUS });
  }

  async identify(id: string, attributes: Record<string, unknown>) {
    await this.client.identify(id, attributes);
  }

  async track(id: string, name: string, data: Record<string, unknown> = {}) {
    await this.client.track(id, { name, data });
  }

  trackLater(id: string, name: string, data: Record<string, unknown> = {}) {
    this.client.track(id, { name, data }).catch((e) => this.logger.warn(e));
  }

  async sendInvoiceEmail(email: string, invoiceId: string) {
    await this.app.sendEmail({ transactional_message_id: 12, to: email, identifiers: { email }, message_data: { invoiceId } } as never);
  }
}
