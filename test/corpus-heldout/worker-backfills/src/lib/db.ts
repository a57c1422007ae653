import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { Redis } from "ioredis";

export interface Database {
  tenants: { id: string; cio_site_id: string; cio_track_key: string; cio_region: "us" | "eu" };
  members: {
    id: string;
    email: string;
    plan: "free" | "trial" | "pro";
    created_at: Date;
    trial_ends_at: Date | null;
    last_seen_at: Date | null;
  };
  refunds: { id: string; user_id: string; order_id: string; amount_cents: number; synced: boolean };
}

export const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 }) }),
});

// BullMQ requires maxRetriesPerRequest: null on its blocking connections.
export const connection = new Redis(process.env.REDIS_URL ?? "redis://localhost:6379", { maxRetriesPerRequest: null });
