import { Injectable, Logger } from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import { APIClient, RegionEU, RegionUS, SendEmailRequest, TrackClient } from "customerio-node";

export interface CioUser {
  id: string;
  email: string;
  firstName: string;
  createdAt: Date;
}

@Injectable()
export class CustomerioService {
  private readonly logger = new Logger(CustomerioService.name);
  private readonly trackClient: TrackClient;
  private readonly apiClient: APIClient;

  constructor(private readonly config: ConfigService) {
    const region = config.get("customerio.region") === "eu" ? RegionEU : RegionUS;
    this.trackClient = new TrackClient(config.get("customerio.siteId")!, config.get("customerio.trackApiKey")!, { region });
    this.apiClient = new APIClient(config.get("customerio.appApiKey")!, { region });
  }

  async identify(user: CioUser) {
    await this.trackClient.identify(user.id, {
      email: user.email,
      first_name: user.firstName,
      created_at: Math.floor(user.createdAt.valueOf() / 1000),
    });
  }

  async track(userId: string, name: string, data: Record<string, unknown> = {}) {
    await this.trackClient.track(userId, { name, data });
  }

  async sendReceipt(user: CioUser, orderId: string, total: number) {
    const request = new SendEmailRequest({
      transactional_message_id: "order_receipt",
      to: user.email,
      identifiers: { id: user.id },
      message_data: { order_id: orderId, total },
    });
    return this.apiClient.sendEmail(request);
  }

  fireAndForget(userId: string, name: string, data: Record<string, unknown> = {}) {
    this.track(userId, name, data).catch((err) => this.logger.warn(`cio track failed: ${err}`));
  }
}
