'use strict';
// One call through the addon: arguments to JSON, the signal to a native
// Cancel, the reply to a value or an error class. Everything else (option
// parsing, validation, retries, decoding rules) is the core's.

const addon = require('./native');
const errors = require('./errors');

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toJson(value, what) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw errors.invalidArgument(what, `cannot be sent as JSON: ${e.message}`);
  }
}

/** Splits per-call options into the signal and the core's JSON (null when none). */
function callOptions(options) {
  if (options === undefined || options === null) return { signal: null, json: null };
  if (!isObject(options)) throw errors.invalidArgument('options', 'must be an object');
  const { signal, ...rest } = options;
  if (signal != null && (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
    throw errors.invalidArgument('options.signal', 'must be an AbortSignal');
  }
  const json = Object.keys(rest).length ? toJson(rest, 'options') : null;
  return { signal: signal ?? null, json };
}

/**
 * `start(cancel)` with a native Cancel the signal aborts; rejects at once when
 * already aborted. Without a signal, `start(null)` itself (no extra promise).
 */
function withSignal(signal, start) {
  if (!signal) return start(null);
  return abortable(signal, start);
}

async function abortable(signal, start) {
  if (signal.aborted) throw errors.aborted();
  const cancel = new addon.Cancel();
  const onAbort = () => cancel.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await start(cancel);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The value of a reply by the core's content kind; an error reply throws its class. */
function decode(reply, nativeClient) {
  switch (reply.kind) {
    case 'json':
      try {
        return JSON.parse(reply.text);
      } catch (e) {
        // The core builds (and redacts) the decode error; only the parse is ours.
        throw errors.fromJson(nativeClient.decodeError(reply.status, reply.text, e.message));
      }
    case 'text':
      return reply.text;
    case 'empty':
      return null;
    case 'other':
      return reply.bytes;
    case 'error':
      throw errors.fromJson(reply.error);
    default:
      throw new errors.ClerkError({ code: 'internal', message: `clerk-backend: unexpected reply kind ${reply.kind}` });
  }
}

module.exports = { isObject, toJson, callOptions, withSignal, decode };
