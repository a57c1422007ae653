#!/usr/bin/env node
const { TrackClient } = require("customerio-node");

function client() {
  return new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);
}

async function suppress(ids) {
  const cio = client();
  for (const id of ids) {
    await cio.suppress(id);
  }
}

async function tag(id, tagName) {
  await client().identify(id, { [`tag_${tagName}`]: true, tagged_at: Math.floor(Date.now() / 1000) });
}

if (require.main === module) {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === "suppress") suppress(rest);
  if (cmd === "tag") tag(rest[0], rest[1]);
}
