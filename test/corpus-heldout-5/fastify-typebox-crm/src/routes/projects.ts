import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TrackClient, RegionEU } from 'customerio-node';

const Action = Type.Union([Type.Literal('archive'), Type.Literal('restore'), Type.Literal('star')]);

const projects: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('/projects/:id/:action', { schema: { params: Type.Object({ id: Type.String(), action: Action }) } }, async (request) => {
    const { id, action } = request.params;
    await fastify.cio.track(request.user.id, { name: `project_${id}_${action}`, data: { project_id: id } });
    return { ok: true };
  });

  fastify.delete('/projects/:id', async (request, reply) => {
    reply.code(204).send();
    fastify.cio.track(request.user.id, { name: 'project-deleted', data: { project_id: (request.params as any).id } }).catch(() => undefined);
  });

  fastify.post('/projects/import', async (request) => {
    const { count } = request.body as { count: number };
    const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionEU });
    client.track(request.user.id, { name: 'projects_imported', data: { count } }).catch(() => undefined);
    return { queued: true };
  });
};

export default projects;
