'use strict';
const mongoose = require('mongoose');
const cio = require('../lib/customerio');

const userSchema = new mongoose.Schema({
  email: { type: String, required: true, unique: true },
  name: String,
  marketingOptIn: { type: Boolean, default: false },
}, { timestamps: true });

userSchema.post('save', function (doc) {
  cio.identify(String(doc._id), {
    email: doc.email,
    name: doc.name,
    created_at: doc.createdAt.getTime(),
    updated_at: cio.seconds(doc.updatedAt),
  }).catch(function (err) { console.error('cio identify failed', err.message); });
});

module.exports = mongoose.model('User', userSchema);
