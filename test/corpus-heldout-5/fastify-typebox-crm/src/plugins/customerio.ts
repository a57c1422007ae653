import fp from 'fastify-plugin';
import { RegionEU, TrackClient } from 'customerio-node';

declare module 'fastify' {
  interface FastifyInstance {
    cio: TrackClient;
  }
}

// Registered once at boot; every route shares the decorated client.
export default fp(async (fastify) => {
  fastify.decorate('cio', new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionEU }));
});
