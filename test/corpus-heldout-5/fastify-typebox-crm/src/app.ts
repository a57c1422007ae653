import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import customerio from './plugins/customerio';
import accounts from './routes/accounts';
import projects from './routes/projects';

const app = Fastify({ logger: true }).withTypeProvider<TypeBoxTypeProvider>();
await app.register(customerio);
await app.register(accounts);
await app.register(projects);
await app.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' });
