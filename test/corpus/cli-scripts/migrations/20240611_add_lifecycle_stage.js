const { TrackClient, RegionEU } = require("customerio-node");

exports.up = async function up(knex) {
  await knex.schema.alterTable("users", (t) => t.string("lifecycle_stage"));
  const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY, { region: RegionEU });
  const users = await knex("users").select("id");
  await Promise.all(users.map((u) => cio.identify(u.id, { lifecycle_stage: "active" })));
};

exports.down = async function down(knex) {
  await knex.schema.alterTable("users", (t) => t.dropColumn("lifecycle_stage"));
};
