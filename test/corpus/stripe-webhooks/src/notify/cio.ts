import { TrackClient, RegionUS } from "customerio-node";

class Notifier {
  private client = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_TRACK_API_KEY!, { region: RegionUS });

  async subscriptionChanged(customerId: string, status: string, periodEnd: number) {
    await this.client.identify(customerId, { subscription_status: status, current_period_end: periodEnd });
  }

  async paymentEvent(customerId: string, eventName: string, data: Record<string, unknown>) {
    await this.client.track(customerId, { name: eventName, data });
  }
}

export const notifier = new Notifier();
export default notifier;

export function periodEndSeconds(sub: { current_period_end: number }) {
  return { current_period_end: sub.current_period_end, renews_at: sub.current_period_end };
}
