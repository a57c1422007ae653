import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import tracker from '../lib/tracker';
import { sendWelcome } from '../lib/mail';

const CreateAccount = Type.Object({ email: Type.String({ format: 'email' }), company: Type.String() });

const accounts: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('/accounts', { schema: { body: CreateAccount } }, async (request, reply) => {
    const account = { id: crypto.randomUUID(), ...request.body, createdAt: new Date() };
    await tracker.identify(account.id, { email: account.email, company: account.company, created_at: account.createdAt.valueOf() });
    sendWelcome(account.id, account.email).catch((err) => request.log.warn(err));
    return reply.code(201).send(account);
  });

  fastify.post('/accounts/:id/trial', async (request, reply) => {
    const { id } = request.params as { id: string };
    const trialId = `trial-${id}`;
    tracker.event(trialId, 'trial_started', { account_id: id }).catch(() => undefined);
    tracker.identify(trialId, { account_id: id, trial: true }).catch(() => undefined);
    return reply.code(202).send({ trialId });
  });

  fastify.post('/login', async (request, reply) => {
    const { email, ok } = request.body as { email: string; ok: boolean };
    if (!ok) {
      fastify.cio.track(email, { name: `login_failed:${email}`, data: {} }).catch(() => undefined);
      return reply.code(401).send();
    }
    return reply.send({ ok: true });
  });

  // Runs after the response has been written, so it never delays the client.
  fastify.addHook('onResponse', async (request) => {
    if (!request.user) return;
    await fastify.cio.identify(request.user.id, { last_request_at: Math.floor(Date.now() / 1000) });
  });
};

export default accounts;
