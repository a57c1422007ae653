import Router from '@koa/router';
import analytics from '@/services/analytics.service';
import { sendReceipt } from '@/services/mailer.service';
import { Events } from '@/integrations/cio';
import * as billing from '@/services/billing.service';

export const billingRouter = new Router({ prefix: '/billing' });

billingRouter.post('/subscriptions', async (ctx) => {
  const user = ctx.state.user;
  const sub = await billing.subscribe(user.id, ctx.request.body.plan);
  await analytics.track(user.id, Events.SubscriptionStarted, { plan: sub.plan, seats: sub.seats });
  ctx.status = 201;
  ctx.body = sub;
});

billingRouter.post('/subscriptions/:id/cancel', async (ctx) => {
  const user = ctx.state.user;
  const sub = await billing.cancel(ctx.params.id, ctx.request.body.reason);
  analytics
    .track(user.id, Events.SubscriptionCancelled, { reason: ctx.request.body.reason })
    .catch((err) => ctx.log.warn({ err }, 'cancel tracking failed'));
  ctx.body = sub;
});

billingRouter.post('/plans/:plan/upgrade', async (ctx) => {
  const user = ctx.state.user;
  const sub = await billing.changePlan(user.id, ctx.params.plan);
  analytics.track(user.id, `upgraded_to_${ctx.params.plan}`, { previous: sub.previousPlan }).catch(() => undefined);
  ctx.body = sub;
});

billingRouter.post('/invoices/:id/pay', async (ctx) => {
  const user = ctx.state.user;
  const invoice = await billing.pay(ctx.params.id);
  await analytics.track(user.id, 'InvoicePaid', { invoice_id: invoice.id, amount: invoice.total });
  await sendReceipt(user.email, user.id, invoice);
  ctx.body = invoice;
});
