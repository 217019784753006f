'use strict';
// The `logger` option: a function (or an object with `debug`) that receives
// one line per request and per response, built and redacted by the core.
// `DEBUG=clerk-backend` (or `DEBUG=*`) logs to stderr without a logger.

const errors = require('./errors');

function debugEnabled() {
  const names = (process.env.DEBUG ?? '').split(/[\s,]+/);
  return names.some((n) => n === '*' || n === 'clerk-backend' || n === 'clerk-backend:*');
}

/** The line sink for the addon, or null when nothing logs. */
function makeLogger(logger) {
  if (logger === undefined || logger === null || logger === false) {
    return debugEnabled() ? (line) => process.stderr.write(`clerk-backend ${line}\n`) : null;
  }
  if (typeof logger === 'function') return (line) => logger(line);
  if (typeof logger === 'object' && typeof logger.debug === 'function') return (line) => logger.debug(line);
  throw errors.invalidArgument('logger', 'must be a function or an object with a debug(line) method');
}

module.exports = { makeLogger };
