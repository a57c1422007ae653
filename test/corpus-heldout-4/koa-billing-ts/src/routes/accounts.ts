import Router from '@koa/router';
import type { TrackClient } from 'customerio-node';
import { analytics } from '@/services/analytics.service';
import * as accounts from '@/services/accounts.service';

export const accountsRouter = new Router({ prefix: '/accounts' });

accountsRouter.post('/', async (ctx) => {
  const account = await accounts.create(ctx.request.body);
  analytics
    .identifyAccount(account)
    .then(() => analytics.track(account.ownerId, 'account_created', { plan: account.plan }))
    .catch((err) => ctx.log.warn({ err }, 'customer.io sync failed'));
  ctx.status = 201;
  ctx.body = account;
});

accountsRouter.post('/:id/invites', async (ctx) => {
  const cio: TrackClient = ctx.state.cio;
  const invite = await accounts.invite(ctx.params.id, ctx.request.body.email);
  await cio.track(invite.inviteeId, { name: 'invite_received', data: { account_id: ctx.params.id } });
  await cio.identify(invite.inviteeId, { email: invite.email, invited_at: Math.floor(Date.now() / 1000) });
  ctx.status = 201;
  ctx.body = { id: invite.id };
});

accountsRouter.get('/:id/usage', async (ctx) => {
  const usage = await accounts.usage(ctx.params.id);
  const startedAt = Date.now();
  ctx.body = usage;
  ctx.set('Server-Timing', `db;dur=${Date.now() - startedAt}`);
});
