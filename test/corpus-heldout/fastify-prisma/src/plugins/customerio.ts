import fp from "fastify-plugin";
import { APIClient, RegionEU, RegionUS, TrackClient } from "customerio-node";
import { config } from "../config.js";
import { LifecycleService } from "../services/lifecycle.js";

// Registered once at boot: every route shares the same keep-alive clients.
export default fp(async (fastify) => {
  const region = config.cio.region === "eu" ? RegionEU : RegionUS;

  const track = new TrackClient(config.cio.siteId, config.cio.trackApiKey, { region });
  const api = new APIClient(config.cio.trackApiKey, { region });

  fastify.decorate("cio", track);
  fastify.decorate("cioApi", api);
  fastify.decorate("lifecycle", new LifecycleService(track, fastify.log));
});
