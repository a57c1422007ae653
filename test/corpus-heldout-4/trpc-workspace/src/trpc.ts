import { initTRPC, TRPCError } from '@trpc/server';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import { jwtVerify } from 'jose';
import { RegionUS, TrackClient } from 'customerio-node';
import { env } from '~/env';
import { db } from '~/lib/db';

export async function createContext({ req }: CreateHTTPContextOptions) {
  const token = req.headers.authorization?.replace('Bearer ', '');
  let user: { id: string; email: string; workspaceId: string } | null = null;
  if (token) {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env.JWT_SECRET));
    user = payload as typeof user;
  }
  return {
    db,
    user,
    cio: new TrackClient(env.CIO_SITE_ID, env.CIO_TRACK_KEY, { region: RegionUS }),
  };
}

const t = initTRPC.context<Awaited<ReturnType<typeof createContext>>>().create();

export const router = t.router;
export const publicProcedure = t.procedure;
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
