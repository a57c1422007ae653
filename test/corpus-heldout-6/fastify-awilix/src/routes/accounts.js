export default async function accountRoutes(fastify) {
  fastify.post('/accounts', async (request, reply) => {
    const messaging = request.diScope.resolve('messaging');
    const account = { id: crypto.randomUUID(), email: request.body.email, opened: new Date() };
    await messaging.identify(account.id, {
      email: account.email,
      created_at: Math.trunc(account.opened.getTime() / 1000),
    });
    return reply.code(201).send({ id: account.id });
  });

  fastify.post('/accounts/:id/trial', async (request, reply) => {
    const messaging = request.diScope.resolve('messaging');
    reply.code(202).send({ trial: true });
    messaging.event(request.params.id, 'TrialStarted', { days: 14 }).catch((err) => request.log.warn(err));
  });

  fastify.post('/accounts/:id/statement', async (request) => {
    const messaging = request.diScope.resolve('messaging');
    await messaging.sendStatement({ id: request.params.id, email: request.body.email }, request.body.period);
    return { queued: true };
  });

  // Runs after the reply has been flushed to the socket.
  fastify.addHook('onResponse', async (request, reply) => {
    if (!request.user || reply.statusCode >= 400) return;
    const messaging = request.diScope.resolve('messaging');
    await messaging.event(request.user.id, 'api_request_completed', { route: request.routeOptions.url });
  });
}
