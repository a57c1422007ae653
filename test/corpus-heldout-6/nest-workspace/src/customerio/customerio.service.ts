import { Inject, Injectable, Logger } from '@nestjs/common';
import { APIClient, SendEmailRequest, TrackClient } from 'customerio-node';
import { CIO_API, CIO_TRACK } from './customerio.module';

type Attrs = Record<string, unknown>;

@Injectable()
export class CustomerioService {
  private readonly logger = new Logger(CustomerioService.name);

  constructor(
    @Inject(CIO_TRACK) private readonly trackClient: TrackClient,
    @Inject(CIO_API) private readonly api: APIClient,
  ) {}

  identify(userId: string, attrs: Attrs) {
    return this.trackClient.identify(userId, attrs);
  }

  track(userId: string, name: string, data: Attrs = {}) {
    return this.trackClient.track(userId, { name, data });
  }

  async sendTransactional(messageId: string, to: string, userId: string, data: Attrs) {
    const req = new SendEmailRequest({
      transactional_message_id: messageId,
      to,
      identifiers: { id: userId },
      message_data: data,
    });
    try {
      await this.api.sendEmail(req);
    } catch (err) {
      this.logger.error(`transactional ${messageId} failed`, err as Error);
    }
  }
}
