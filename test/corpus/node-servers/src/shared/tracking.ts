import { TrackClient } from "customerio-node";

export const tracker = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);

export const tracking = {
  async signup(id: string, email: string) {
    await tracker.identify(id, { email, created_at: Math.floor(Date.now() / 1000) });
  },
  async event(id: string, name: string, data: Record<string, unknown> = {}) {
    await tracker.track(id, { name, data });
  },
  later(id: string, name: string) {
    setImmediate(() => {
      tracker.track(id, { name, data: {} }).catch(() => {});
    });
  },
};
