'use strict';
const mongoose = require('mongoose');
const cio = require('../lib/customerio');

const orderSchema = new mongoose.Schema({
  userId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
  email: String,
  status: { type: String, enum: ['pending', 'paid', 'shipped', 'cancelled'] },
  total: Number,
}, { timestamps: true });

orderSchema.post('save', function (doc, next) {
  cio.trackCb(String(doc.userId), 'order_' + doc.status, { order_id: String(doc._id), total: doc.total }, function (err) {
    if (err) console.error(err);
  });
  next();
});

orderSchema.post('findOneAndUpdate', function (doc) {
  if (!doc) return;
  cio.track(String(doc.userId), 'order_updated', { status: doc.status, at: cio.seconds(doc.updatedAt) }).catch(console.error);
});

module.exports = mongoose.model('Order', orderSchema);
