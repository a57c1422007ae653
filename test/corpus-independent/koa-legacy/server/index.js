'use strict';
const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const config = require('../config');
const cart = require('../routes/cart');
const account = require('../routes/account');
const { buildAdmin } = require('./admin');

const app = new Koa();
app.use(bodyParser());
app.use(async (ctx, next) => {
  ctx.state.user = { id: Number(ctx.get('x-user-id')), email: ctx.get('x-user-email') };
  await next();
});
app.use(cart.routes()).use(cart.allowedMethods());
app.use(account.routes()).use(account.allowedMethods());

app.listen(config.port);
buildAdmin().listen({ port: config.port + 1 });
