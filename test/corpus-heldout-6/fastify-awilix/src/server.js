import Fastify from 'fastify';
import { fastifyAwilixPlugin } from '@fastify/awilix';
import { config } from './config.js';
import { container } from './container.js';
import accountRoutes from './routes/accounts.js';
import eventRoutes from './routes/events.js';

const app = Fastify({ logger: true });

await app.register(fastifyAwilixPlugin, { container, disposeOnClose: true, disposeOnResponse: false });
await app.register(accountRoutes);
await app.register(eventRoutes);

await app.listen({ port: config.port, host: '0.0.0.0' });
