import { APIClient, RegionEU } from 'customerio-node';

export default async function eventRoutes(fastify) {
  fastify.post('/events/:name', async (request) => {
    const messaging = request.diScope.resolve('messaging');
    await messaging.event(request.user.id, request.params.name, request.body ?? {});
    return { ok: true };
  });

  fastify.post('/leads', async (request, reply) => {
    const messaging = request.diScope.resolve('messaging');
    const leadId = `lead-${request.body.formId}-${Date.now()}`;
    messaging.event(leadId, 'lead_captured', { form: request.body.formId }).catch(() => {});
    messaging.identify(leadId, { email: request.body.email }).catch(() => {});
    return reply.code(201).send({ leadId });
  });

  fastify.get('/admin/people', async (request) => {
    const api = new APIClient(request.server.diContainer.resolve('config').cio.appKey, { region: RegionEU });
    const found = await api.getCustomersByEmail(request.query.email);
    return { people: found.results ?? [] };
  });
}
