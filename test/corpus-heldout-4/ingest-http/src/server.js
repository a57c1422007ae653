import http from 'node:http';
import * as handlers from './handlers/index.js';
import { send } from './lib/http.js';

const routes = {
  'POST /v1/collect': handlers.collect,
  'POST /v1/pageview': handlers.pageview,
  'POST /v1/identify': handlers.identify,
  'POST /v1/referral': handlers.referral,
  'POST /webhooks/shopify/orders': handlers.shopifyOrder,
  'POST /v1/unsubscribe': handlers.unsubscribe,
};

const server = http.createServer((req, res) => {
  const route = routes[`${req.method} ${req.url.split('?')[0]}`];
  if (!route) return send(res, 404, { error: 'not found' });
  return route(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, err.status || 500, { error: err.message });
  });
});

server.listen(Number(process.env.PORT) || 7070, () => console.log('event-ingest up'));
