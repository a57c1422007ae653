'use strict';

const Boom = require('@hapi/boom');
const { notify } = require('../lib/notify');
const { sendEvent } = require('../lib/raw-track');

function dealEvent(deal) {
  return {
    deal_id: deal.id,
    amount: deal.amount,
    stage: deal.stage,
    updated_at: Math.floor(new Date(deal.updated_at).getTime() / 1000),
  };
}

module.exports = (db) => [
  {
    method: 'PATCH',
    path: '/deals/{id}/stage',
    handler: async (request) => {
      const [deal] = await db('deals').where({ id: request.params.id }).update({ stage: request.payload.stage }).returning('*');
      if (!deal) throw Boom.notFound();
      notify(deal.contact_id, 'deal_stage_changed', dealEvent(deal));
      // per-stage name so the sales team can trigger a campaign per stage
      notify(deal.contact_id, `deal_${deal.stage}`, dealEvent(deal));
      return deal;
    },
  },
  {
    method: 'POST',
    path: '/deals/{id}/won',
    handler: async (request, h) => {
      const deal = await db('deals').where({ id: request.params.id }).first();
      if (!deal) throw Boom.notFound();
      await sendEvent(deal.contact_id, 'dealWon', dealEvent(deal));
      return h.response().code(204);
    },
  },
];
