import { z } from 'zod';
import { router, publicProcedure, protectedProcedure } from '~/trpc';
import { emit } from '~/lib/cio';
import { schema } from '~/lib/db';
import { hashPassword, issueToken } from '~/lib/auth';

export const authRouter = router({
  register: publicProcedure
    .input(z.object({ email: z.string().email(), password: z.string().min(10), name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const [user] = await ctx.db
        .insert(schema.users)
        .values({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password) })
        .returning();
      await ctx.cio.track(user.id, { name: 'registered', data: { plan: 'trial' } });
      ctx.cio
        .identify(user.id, { email: user.email, name: user.name, created_at: Date.now() })
        .catch(() => undefined);
      return { token: await issueToken(user) };
    }),

  verifyEmail: protectedProcedure.mutation(async ({ ctx }) => {
    await ctx.cio.identify(ctx.user.id, { email_verified: true, verified_at: Math.round(Date.now() / 1000) });
    return { ok: true };
  }),

  inviteMember: protectedProcedure
    .input(z.object({ email: z.string().email() }))
    .mutation(async ({ ctx, input }) => {
      const [invite] = await ctx.db
        .insert(schema.invites)
        .values({ email: input.email, workspaceId: ctx.user.workspaceId, invitedBy: ctx.user.id })
        .returning();
      void emit(ctx.user.id, `member_invited_${input.email.toLowerCase()}`, { invite_id: invite.id });
      return invite;
    }),
});
