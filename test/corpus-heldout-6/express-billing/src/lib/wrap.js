'use strict';
// Our own async wrapper: forwards rejections to the Express error handler.
module.exports = function wrap(fn) {
  return function wrapped(req, res, next) {
    Promise.resolve(fn(req, res, next)).catch(next);
  };
};
