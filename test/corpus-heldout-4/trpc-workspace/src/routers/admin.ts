import { z } from 'zod';
import PQueue from 'p-queue';
import { inArray } from 'drizzle-orm';
import { router, protectedProcedure } from '~/trpc';
import { cio } from '~/lib/cio';
import { transactional } from '~/lib/app-api';
import { schema } from '~/lib/db';
import { SendEmailRequest } from 'customerio-node';

// 10 requests per 100 ms keeps bulk actions under Customer.io's ~100/s limit.
const queue = new PQueue({ concurrency: 5, intervalCap: 10, interval: 100 });

export const adminRouter = router({
  bulkTag: protectedProcedure
    .input(z.object({ userIds: z.array(z.string()).max(5000), tag: z.string() }))
    .mutation(async ({ input }) => {
      await Promise.all(input.userIds.map((id) => cio.identify(id, { tag: input.tag })));
      return { tagged: input.userIds.length };
    }),

  bulkUntag: protectedProcedure
    .input(z.object({ userIds: z.array(z.string()).max(5000), tag: z.string() }))
    .mutation(({ input }) => {
      for (const id of input.userIds) {
        queue.add(() => cio.identify(id, { tag: null })).catch(() => undefined);
      }
      return { queued: input.userIds.length };
    }),

  resendInvites: protectedProcedure.input(z.object({ inviteIds: z.array(z.string()) })).mutation(async ({ ctx, input }) => {
    const invites = await ctx.db.select().from(schema.invites).where(inArray(schema.invites.id, input.inviteIds));
    for (const invite of invites) {
      const request = new SendEmailRequest({
        transactional_message_id: 'workspace_invite',
        to: invite.email,
        identifiers: { email: invite.email },
        message_data: { workspace_id: invite.workspaceId },
      });
      await transactional.sendEmail(request);
    }
    return { resent: invites.length };
  }),
});
