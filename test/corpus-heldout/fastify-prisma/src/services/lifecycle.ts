import type { FastifyBaseLogger } from "fastify";
import type { TrackClient } from "customerio-node";

type Attributes = Record<string, unknown>;

// Thin domain layer over the Track client so routes speak in product terms.
export class LifecycleService {
  constructor(
    private readonly cio: TrackClient,
    private readonly log: FastifyBaseLogger,
  ) {}

  async upsertPerson(userId: string, attributes: Attributes): Promise<void> {
    await this.cio.identify(userId, attributes);
  }

  async record(userId: string, name: string, data: Attributes = {}): Promise<void> {
    await this.cio.track(userId, { name, data });
  }

  // For call sites that must not wait on Customer.io.
  recordLater(userId: string, name: string, data: Attributes = {}): void {
    this.record(userId, name, data).catch((err) => {
      this.log.warn({ err, userId, name }, "customer.io track failed");
    });
  }
}
