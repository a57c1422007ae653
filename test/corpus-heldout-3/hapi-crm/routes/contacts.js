'use strict';

const Joi = require('joi');
const moment = require('moment');
const { track } = require('../lib/cio');
const { sendEvent, upsertCustomer } = require('../lib/raw-track');

module.exports = (db) => [
  {
    method: 'POST',
    path: '/contacts',
    options: {
      validate: {
        payload: Joi.object({ email: Joi.string().email().required(), company: Joi.string().allow('') }),
      },
    },
    handler: async (request, h) => {
      const [contact] = await db('contacts').insert(request.payload).returning('*');
      await track.identify(contact.id, {
        email: contact.email,
        company: contact.company,
        created_at: moment(contact.created_at).unix(),
      });
      return h.response(contact).code(201);
    },
  },
  {
    method: 'POST',
    path: '/contacts/{id}/notes',
    handler: async (request, h) => {
      const [note] = await db('notes').insert({ contact_id: request.params.id, body: request.payload.body }).returning('*');
      track
        .track(request.params.id, { name: 'note_added', data: { note_id: note.id } })
        .catch((err) => request.log(['warn', 'customerio'], err));
      return h.response(note).code(201);
    },
  },
  {
    method: 'POST',
    path: '/contacts/{id}/calls',
    handler: async (request, h) => {
      const call = request.payload;
      await sendEvent(request.params.id, 'call_logged', { minutes: call.minutes }, Date.now());
      return { ok: true };
    },
  },
  {
    method: 'PUT',
    path: '/contacts/{id}/owner',
    handler: async (request) => {
      const ownerId = request.payload.owner_id;
      await db('contacts').where({ id: request.params.id }).update({ owner_id: ownerId });
      setImmediate(() => {
        upsertCustomer(request.params.id, { owner_id: ownerId, reassigned_at: moment().valueOf() }).catch(() => {});
      });
      return { ok: true };
    },
  },
];
