import type { Knex } from "knex";
import { TrackClient, RegionEU } from "customerio-node";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("accounts", (t) => t.string("plan").defaultTo("free"));
  const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionEU });
  const rows = await knex("accounts").select("id", "plan");
  for (const row of rows) {
    await cio.identify(row.id, { plan: row.plan });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("accounts", (t) => t.dropColumn("plan"));
}
