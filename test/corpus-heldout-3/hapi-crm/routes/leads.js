'use strict';

const Joi = require('joi');
const { notify } = require('../lib/notify');
const { sendEvent, upsertCustomer } = require('../lib/raw-track');

module.exports = (db) => [
  {
    method: 'POST',
    path: '/leads',
    options: {
      validate: {
        payload: Joi.object({ email: Joi.string().email().required(), source: Joi.string().required() }),
      },
    },
    handler: async (request, h) => {
      const { email, source } = request.payload;
      const [lead] = await db('leads').insert({ email, source }).returning('*');
      await sendEvent(lead.id, 'lead_captured', { source });
      await upsertCustomer(lead.id, { email, lead_source: source });
      return h.response({ id: lead.id }).code(201);
    },
  },
  {
    method: 'POST',
    path: '/leads/{id}/unsubscribe',
    handler: async (request, h) => {
      const lead = await db('leads').where({ id: request.params.id }).first();
      await db('leads').where({ id: lead.id }).update({ unsubscribed: true });
      notify(lead.id, 'lead_unsubscribed', { email: lead.email });
      notify(lead.id, `unsubscribed_${lead.email}`);
      notify(lead.id, 'Lead Unsubscribed');
      return h.response().code(204);
    },
  },
];
