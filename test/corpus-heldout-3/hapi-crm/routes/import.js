'use strict';

const { TrackClient, RegionUS } = require('customerio-node');

// Partner workspaces have their own Customer.io site; credentials live on the partner row.
module.exports = (db) => [
  {
    method: 'POST',
    path: '/partners/{partnerId}/sync',
    handler: async (request, h) => {
      const partner = await db('partners').where({ id: request.params.partnerId }).first();
      const client = new TrackClient(partner.cio_site_id, partner.cio_track_key, { region: RegionUS });
      const contacts = await db('contacts').where({ partner_id: partner.id }).limit(50);
      await client.identify(partner.account_contact_id, { partner: partner.name, contacts: contacts.length });
      return h.response({ queued: contacts.length }).code(202);
    },
  },
];
