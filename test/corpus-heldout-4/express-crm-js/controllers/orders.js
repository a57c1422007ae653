const { TrackClient, RegionUS } = require('customerio-node');
const config = require('../config');
const customerio = require('../lib/customerio');
const logger = require('../lib/logger');
const db = require('../db');

const noop = (err) => logger.debug({ err }, 'customerio call failed');

exports.viewProduct = async (req, res) => {
  const product = await db.products.find(req.params.sku);
  if (!product) return res.sendStatus(404);
  customerio.track(req.user.id, `viewed_${product.sku}`, { price: product.price }).catch(noop);
  return res.json(product);
};

exports.checkout = async (req, res) => {
  const order = await db.orders.place(req.user.id, req.body.items);
  const cio = new TrackClient(config.customerio.siteId, config.customerio.trackKey, { region: RegionUS });
  await cio.track(req.user.id, { name: 'OrderPlaced', data: { order_id: order.id, total: order.total } });
  res.status(201).json(order);
};

exports.shareCart = (req, res) => {
  const friend = String(req.body.friendEmail || '').toLowerCase();
  customerio.track(req.user.id, 'cart_shared_with_' + friend, { items: req.body.items.length }).catch(noop);
  res.sendStatus(202);
};

exports.refund = (req, res) => {
  const refundedAt = Math.floor(Date.now() / 1000);
  customerio.track(req.user.id, 'order_refunded', { order_id: req.params.id, refunded_at: refundedAt }).catch(noop);
  res.sendStatus(202);
};
