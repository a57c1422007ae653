import { request } from 'undici';
import { Queue } from 'bullmq';
import trackApi from '../lib/track-api.js';
import { analytics } from '../lib/pipelines.js';
import { readJson, send } from '../lib/http.js';

const orders = new Queue('orders', { connection: { url: process.env.REDIS_URL } });
const cdpAuth = 'Basic ' + Buffer.from(`${process.env.CIO_CDP_WRITE_KEY}:`).toString('base64');

export async function collect(req, res) {
  const body = await readJson(req);
  await request('https://cdp-eu.customer.io/v1/track', {
    method: 'POST',
    headers: { authorization: cdpAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ userId: body.userId, event: 'screen_viewed', properties: { screen: body.screen } }),
  });
  send(res, 202);
}

export async function pageview(req, res) {
  const body = await readJson(req);
  trackApi.event(body.userId, 'page_' + body.path.replace(/\//g, '_'), { title: body.title }).catch(() => {});
  send(res, 202);
}

export async function identify(req, res) {
  const body = await readJson(req);
  await trackApi.identify(body.id, {
    email: body.email,
    app_version: body.appVersion,
    last_seen_at: Date.now(),
  });
  send(res, 204);
}

export async function referral(req, res) {
  const body = await readJson(req);
  analytics.track({ userId: body.userId, event: `referred_by_${body.referrerEmail}`, properties: { campaign: body.campaign } });
  send(res, 202);
}

export async function shopifyOrder(req, res) {
  const payload = await readJson(req);
  await orders.add('order', payload, { attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
  send(res, 202);
}

export async function unsubscribe(req, res) {
  const body = await readJson(req);
  send(res, 202);
  await request('https://api-eu.customer.io/v1/send/email', {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.CIO_TRACK_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ transactional_message_id: 'unsubscribe_confirmation', to: body.email, identifiers: { id: body.id } }),
  });
}
