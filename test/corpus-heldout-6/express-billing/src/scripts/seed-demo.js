'use strict';
// Seeds the demo workspace with a few people for sales calls.
const { TrackClient, RegionUS } = require('customerio-node');

const demo = new TrackClient('4f2a91c0d7e3b5a61c88', 'a7c3e9f1b2d4068e5f3a9c1d7b2e4f60', { region: RegionUS });

async function main() {
  const now = Math.floor(Date.now() / 1000);
  await demo.identify('demo-1', { email: 'ana@demo.example', created_at: now });
  await demo.identify('demo-2', { email: 'ben@demo.example', created_at: now });
}

main();
