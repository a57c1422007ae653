import type { Middleware } from 'koa';
import { RegionEU, TrackClient } from 'customerio-node';
import { env } from '@/config/env';

// Gives every handler a client bound to the caller's workspace settings.
export function cioContext(): Middleware {
  return async (ctx, next) => {
    ctx.state.cio = new TrackClient(env.cio.siteId, env.cio.trackApiKey, { region: RegionEU });
    await next();
  };
}
