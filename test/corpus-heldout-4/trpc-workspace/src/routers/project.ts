import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { router, protectedProcedure } from '~/trpc';
import { emit, cioForWorkspace } from '~/lib/cio';
import { schema } from '~/lib/db';

export const projectRouter = router({
  create: protectedProcedure
    .input(z.object({ name: z.string().min(1).max(120), template: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const [project] = await ctx.db
        .insert(schema.projects)
        .values({ name: input.name, ownerId: ctx.user.id, workspaceId: ctx.user.workspaceId })
        .returning();
      await emit(ctx.user.id, 'project_created', { project_id: project.id, template: input.template ?? null });
      return project;
    }),

  archive: protectedProcedure.input(z.object({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    await ctx.db.update(schema.projects).set({ archivedAt: new Date() }).where(eq(schema.projects.id, input.id));
    void emit(ctx.user.id, 'project_archived', { project_id: input.id });
    return { ok: true };
  }),

  duplicate: protectedProcedure.input(z.object({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const copy = await ctx.db.query.projects.findFirst({ where: eq(schema.projects.id, input.id) });
    void emit(ctx.user.id, 'Project Duplicated', { source_id: input.id });
    return copy;
  }),

  changeStatus: protectedProcedure
    .input(z.object({ id: z.string().uuid(), status: z.enum(['draft', 'active', 'done']) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.update(schema.projects).set({ status: input.status }).where(eq(schema.projects.id, input.id));
      void emit(ctx.user.id, `project_marked_${input.status}`, { project_id: input.id });
      return { ok: true };
    }),

  share: protectedProcedure
    .input(z.object({ id: z.string().uuid(), email: z.string().email() }))
    .mutation(async ({ ctx, input }) => {
      const workspace = await ctx.db.query.workspaces.findFirst({ where: eq(schema.workspaces.id, ctx.user.workspaceId) });
      const tenantCio = cioForWorkspace(workspace!);
      tenantCio
        .track(ctx.user.id, { name: 'project_shared', data: { project_id: input.id, recipient: input.email } })
        .catch(() => undefined);
      return { ok: true };
    }),
});
