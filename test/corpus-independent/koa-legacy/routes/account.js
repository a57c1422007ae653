'use strict';
const Router = require('@koa/router');
const db = require('../lib/db');
const { identify, track, trackAnonymous } = require('../lib/customerio');
const slack = require('../lib/slack');
const logger = require('../lib/logger');

const router = new Router({ prefix: '/account' });

router.put('/email', async (ctx) => {
  const user = ctx.state.user;
  const { email } = ctx.request.body;
  await db('users').where({ id: user.id }).update({ email });
  track(user, 'email_changed_to_' + email, {}).catch((err) => logger.warn(err));
  ctx.body = { ok: true };
});

router.post('/password-reset', async (ctx) => {
  const user = await db('users').where({ email: ctx.request.body.email }).first();
  if (user) {
    track(user, 'Password Reset Requested', {}).catch((err) => logger.warn(err));
  }
  await slack.post(`password reset for user ${user ? user.id : 'unknown'}`);
  ctx.status = 202;
});

router.post('/register', async (ctx) => {
  const { email, first_name } = ctx.request.body;
  const [user] = await db('users').insert({ email, first_name, created_at: new Date() }).returning('*');
  await identify(user);
  ctx.status = 201;
  ctx.body = { id: user.id };
});

router.post('/visit', async (ctx) => {
  trackAnonymous(ctx.request.body.anonymous_id, 'landing_visited', { utm: ctx.query.utm_source }).catch(() => {});
  ctx.status = 204;
});

module.exports = router;
