'use strict';

const Hapi = require('@hapi/hapi');
const knex = require('knex');
const config = require('./config');

async function start() {
  const db = knex({ client: 'pg', connection: config.db });
  const server = Hapi.server({ port: config.port, host: '0.0.0.0' });

  server.route(require('./routes/contacts')(db));
  server.route(require('./routes/deals')(db));
  server.route(require('./routes/import')(db));
  server.route(require('./routes/leads')(db));
  server.route({ method: 'GET', path: '/health', handler: () => ({ ok: true }) });

  await server.start();
  console.log(`crm gateway on ${server.info.uri}`);
}

start();
