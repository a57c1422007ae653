import { Inject, Injectable, Logger } from '@nestjs/common';
import { APIClient, SendEmailRequest, TrackClient } from 'customerio-node';
import { CIO_API, CIO_TRACK } from './customerio.module';

@Injectable()
export class CustomerIoService {
  private readonly logger = new Logger(CustomerIoService.name);

  constructor(
    @Inject(CIO_TRACK) private readonly track: TrackClient,
    @Inject(CIO_API) private readonly api: APIClient,
  ) {}

  identify(id: string, attributes: Record<string, unknown>) {
    return this.track.identify(id, attributes);
  }

  event(id: string, name: string, data: Record<string, unknown> = {}) {
    return this.track.track(id, { name, data });
  }

  async sendTransactional(templateId: string, to: string, data: Record<string, unknown>) {
    const req = new SendEmailRequest({ transactional_message_id: templateId, to, identifiers: { email: to }, message_data: data });
    try {
      return await this.api.sendEmail(req);
    } catch (err) {
      this.logger.error(`transactional ${templateId} failed`, err as Error);
      throw err;
    }
  }
}
