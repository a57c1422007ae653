'use strict';
const Router = require('@koa/router');
const db = require('../lib/db');
const cio = require('../lib/customerio');
const logger = require('../lib/logger');

const router = new Router({ prefix: '/cart' });

router.post('/items', async (ctx) => {
  const user = ctx.state.user;
  const { sku, qty } = ctx.request.body;
  const item = await db('products').where({ sku }).first();
  if (!item) ctx.throw(404, 'unknown sku');
  await db('cart_items').insert({ user_id: user.id, sku, qty });
  await cio.track(user, `added_${item.sku}_to_cart`, { qty });
  ctx.body = { ok: true };
});

router.delete('/items/:sku', async (ctx) => {
  const user = ctx.state.user;
  await db('cart_items').where({ user_id: user.id, sku: ctx.params.sku }).del();
  cio.track(user, 'cart_item_removed', { sku: ctx.params.sku }).catch((err) => logger.warn('cio', err));
  ctx.status = 204;
});

router.get('/', async (ctx) => {
  ctx.body = await db('cart_items').where({ user_id: ctx.state.user.id });
});

module.exports = router;
