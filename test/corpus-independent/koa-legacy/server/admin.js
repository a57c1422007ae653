'use strict';
const Fastify = require('fastify');
const db = require('../lib/db');
const cio = require('../lib/customerio');

function buildAdmin() {
  const fastify = Fastify({ logger: true });

  fastify.post('/admin/users/:id/reindex', async (request, reply) => {
    const user = await db('users').where({ id: request.params.id }).first();
    if (!user) return reply.code(404).send({ error: 'not found' });
    await cio.identify(user);
    return { ok: true };
  });

  fastify.get('/admin/users/:id', async (request) => {
    return db('users').where({ id: request.params.id }).first();
  });

  fastify.post('/admin/users/:id/tag', async (request, reply) => {
    const user = await db('users').where({ id: request.params.id }).first();
    reply.send({ ok: true });
    cio.track(user, `tagged_${request.body.tag}`, {}).catch(() => {});
  });

  return fastify;
}

module.exports = { buildAdmin };
