import { SendEmailRequest } from 'customerio-node';

export class MessagingService {
  constructor({ cioTrack, cioApi }) {
    this.track = cioTrack;
    this.api = cioApi;
  }

  identify(id, attrs) {
    return this.track.identify(id, attrs);
  }

  event(id, name, data = {}) {
    return this.track.track(id, { name, data });
  }

  sendStatement(account, period) {
    return this.api.sendEmail(
      new SendEmailRequest({
        transactional_message_id: 'monthly_statement',
        to: account.email,
        identifiers: { id: account.id },
        message_data: { period },
      }),
    );
  }
}
