const knex = require('knex');
const config = require('../config');

const db = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 1, max: 10 } });

module.exports = {
  knex: db,
  users: {
    create: (attrs) => db('users').insert(attrs).returning('*').then((rows) => rows[0]),
    update: (id, attrs) => db('users').where({ id }).update(attrs).returning('*').then((rows) => rows[0]),
    softDelete: (id) => db('users').where({ id }).update({ deleted_at: db.fn.now() }),
    authenticate: (email) => db('users').where({ email }).first(),
    findUnwelcomed: () => db('users').whereNull('welcomed_at').limit(5000),
    bySegment: (segment) => db('users').where({ segment }),
    changedSince: (since) => db('users').where('updated_at', '>', since),
  },
  products: {
    find: (sku) => db('products').where({ sku }).first(),
  },
  orders: {
    place: async (userId, items) => {
      const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
      const [order] = await db('orders').insert({ user_id: userId, total, items: JSON.stringify(items) }).returning('*');
      return order;
    },
  },
};
