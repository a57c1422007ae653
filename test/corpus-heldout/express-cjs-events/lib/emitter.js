'use strict';

const EventEmitter = require('events');

// Domain events: services emit, listeners in events/ react. Listeners run
// after the emitting request has moved on; they must never throw.
class DomainEvents extends EventEmitter {}

module.exports = new DomainEvents();
