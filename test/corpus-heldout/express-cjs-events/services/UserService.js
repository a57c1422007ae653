'use strict';

const crypto = require('crypto');
const db = require('../lib/db');
const events = require('../lib/emitter');

class UserService {
  async register({ email, firstName, role }) {
    const [user] = await db('users')
      .insert({ email: email.toLowerCase(), first_name: firstName, role: role || 'student' })
      .returning('*');
    events.emit('user.created', user);
    return user;
  }

  async requestPasswordReset(email) {
    const user = await db('users').where({ email: email.toLowerCase() }).first();
    if (!user) return null;
    const token = crypto.randomBytes(24).toString('hex');
    await db('password_resets').insert({ user_id: user.id, token });
    events.emit('user.password_reset_requested', user, `https://tutorbase.app/reset/${token}`);
    return user;
  }

  async verifyPhone(userId, phone) {
    await db('users').where({ id: userId }).update({ phone, phone_verified: true });
    return db('users').where({ id: userId }).first();
  }
}

module.exports = new UserService();
