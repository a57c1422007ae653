#!/usr/bin/env node
// Re-sends a lost order_completed event for one order (support tool).
import { program } from 'commander';
import { Analytics } from '@customerio/cdp-analytics-node';

program
  .requiredOption('--user <id>', 'customer id')
  .requiredOption('--order <id>', 'order id')
  .option('--total <amount>', 'order total', '0')
  .parse();

const opts = program.opts();
const analytics = new Analytics({ writeKey: 'c2f1e9a07b6d4e38a5f0', host: 'https://cdp-eu.customer.io' });

analytics.track({ userId: opts.user, event: 'order_completed', properties: { order_id: opts.order, total: Number(opts.total) } });
console.log(`queued order_completed for ${opts.user}`);
