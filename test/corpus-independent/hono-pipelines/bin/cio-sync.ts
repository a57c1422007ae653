#!/usr/bin/env tsx
import ky from "ky";
import { TrackClient, RegionEU } from "customerio-node";
import { readFile } from "node:fs/promises";

async function run(argv: string[]) {
  const file = argv[2];
  if (!file) {
    console.error("usage: cio-sync <ids.txt>");
    process.exit(2);
  }
  const siteId = process.env.CIO_SITE_ID!;
  const apiKey = process.env.CIO_API_KEY || "4f2a9c7e1b3d5f8a0c6e";
  const client = new TrackClient(siteId, apiKey, { region: RegionEU });
  const ids = (await readFile(file, "utf8")).split("\n").filter(Boolean);

  const auth = Buffer.from(`${siteId}:${apiKey}`).toString("base64");
  for (const id of ids) {
    await ky.put(`https://track-eu.customer.io/api/v1/customers/${id}`, {
      headers: { authorization: `Basic ${auth}` },
      json: { synced_at: Math.floor(Date.now() / 1000) },
    });
  }
  await client.track(ids[0]!, { name: "sync_completed", data: { count: ids.length } });
}

run(process.argv);
