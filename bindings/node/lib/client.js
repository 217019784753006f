'use strict';
// `Clerk`: the client. Resources and methods come from the generated
// operation table (`generated/operations.js`); every method is one generic
// call into the addon. List methods return a `PageRequest`: awaiting it gives
// the page as the API returns it; `for await` walks every item of every page.

const addon = require('./native');
const errors = require('./errors');
const OPERATIONS = require('../generated/operations');
const { isObject, toJson, callOptions, withSignal, decode } = require('./call');
const { splitFiles } = require('./upload');
const { makeLogger } = require('./log');

const NATIVE = Symbol('clerk-backend.native');
// Loaded on first use: request authentication is not needed to make calls.
const auth = () => require('./auth');
const CLIENT = Symbol('clerk-backend.client');
// Options of `new Clerk()` that only request authentication uses.
const AUTH_DEFAULTS = ['jwtKey', 'publishableKey'];

function checkParams(params) {
  if (params === undefined || params === null) return {};
  if (!isObject(params)) throw errors.invalidArgument('params', 'must be an object of parameters by their wire names');
  return params;
}

async function callOnce(clerk, name, files, params, options) {
  const native = clerk[NATIVE]();
  const { signal, json } = callOptions(options);
  let fileArgs = null;
  if (files) ({ params, files: fileArgs } = await splitFiles(params, files));
  const paramsJson = toJson(params, 'params');
  const reply = await withSignal(signal, (cancel) => native.call(name, paramsJson, json, fileArgs, cancel));
  return decode(reply, native);
}

/** What a list method returns: a lazy thenable for the first page, async-iterable over all items. */
class PageRequest {
  #clerk;
  #name;
  #params;
  #options;
  #promise = null;

  constructor(clerk, name, params, options) {
    this.#clerk = clerk;
    this.#name = name;
    this.#params = params;
    this.#options = options;
  }

  #page() {
    this.#promise ??= callOnce(this.#clerk, this.#name, null, this.#params, this.#options);
    return this.#promise;
  }

  then(onFulfilled, onRejected) {
    return this.#page().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#page().catch(onRejected);
  }

  finally(onFinally) {
    return this.#page().finally(onFinally);
  }

  get [Symbol.toStringTag]() {
    return 'PageRequest';
  }

  async *[Symbol.asyncIterator]() {
    const native = this.#clerk[NATIVE]();
    const { signal, json } = callOptions(this.#options);
    const pager = errors.native(() => native.pager(this.#name, toJson(this.#params, 'params'), json));
    for (;;) {
      const reply = await withSignal(signal, (cancel) => pager.next(cancel));
      if (reply.kind === 'end') return;
      if (reply.kind === 'error') throw errors.fromJson(reply.error);
      const body = decode({ ...reply, kind: 'json' }, native);
      const items = reply.dataField ? body[reply.dataField] : body;
      yield* items;
    }
  }
}

function resourceClass(group, methods) {
  const Resource = class {
    constructor(clerk) {
      this[CLIENT] = clerk;
    }
  };
  Object.defineProperty(Resource, 'name', { value: `${group[0].toUpperCase()}${group.slice(1)}Resource` });
  for (const [method, [name, list, files]] of Object.entries(methods)) {
    const fn = list
      ? function (params, options) {
          params = checkParams(params);
          callOptions(options); // bad options throw here, not on first use
          return new PageRequest(this[CLIENT], name, params, options);
        }
      : function (params, options) {
          try {
            return callOnce(this[CLIENT], name, files ?? null, checkParams(params), options);
          } catch (e) {
            return Promise.reject(e);
          }
        };
    Object.defineProperty(fn, 'name', { value: method });
    Resource.prototype[method] = fn;
  }
  return Resource;
}

const RESOURCES = Object.fromEntries(Object.entries(OPERATIONS).map(([g, m]) => [g, resourceClass(g, m)]));

class Clerk {
  #native;
  #resources = {};
  #authDefaults = {};
  #closed = false;

  /**
   * `new Clerk({ secretKey, serverUrl, apiVersion, timeoutMs, retryConfig, headers, proxy, logger })`;
   * unset `secretKey` / `serverUrl` / `apiVersion` come from `CLERK_SECRET_KEY`, `CLERK_API_URL`, `CLERK_API_VERSION`.
   */
  constructor(options = {}) {
    if (!isObject(options)) throw errors.invalidArgument('options', 'must be an object');
    const { logger, ...rest } = options;
    for (const key of AUTH_DEFAULTS) {
      if (rest[key] !== undefined) this.#authDefaults[key] = rest[key];
      delete rest[key];
    }
    if (rest.secretKey !== undefined) this.#authDefaults.secretKey = rest.secretKey;
    const log = makeLogger(logger);
    const json = toJson(rest, 'options');
    this.#native = errors.native(() => new addon.NativeClient(json, log));
  }

  /** @internal */
  [NATIVE]() {
    if (this.#closed) throw new errors.ClerkError({ code: 'config_error', message: 'this Clerk client is closed' });
    return this.#native;
  }

  /** Request authentication with this client's keys as defaults (see `authenticateRequest`). */
  authenticateRequest(request, options) {
    return auth().authenticateRequest(request, this.#withDefaults(options, 'request'));
  }

  /** Session token verification with this client's keys as defaults (see `verifyToken`). */
  verifyToken(token, options) {
    return auth().verifyToken(token, this.#withDefaults(options, 'verify'));
  }

  // The caller's options over this client's keys, one merged object per
  // options object (so the auth layer's parsed-options cache keeps working).
  #merged = { request: new WeakMap(), verify: new WeakMap() };
  #withDefaults(options, kind) {
    if (options !== undefined && options !== null && !isObject(options)) return options; // refused by the auth layer
    const key = options ?? this.#authDefaults;
    let merged = this.#merged[kind].get(key);
    if (merged === undefined) {
      const { publishableKey, ...keys } = this.#authDefaults;
      merged = { ...(kind === 'request' ? this.#authDefaults : keys), ...(options ?? {}) };
      this.#merged[kind].set(key, merged);
    }
    return merged;
  }

  /** Releases the client; later calls fail. Pending calls finish. */
  close() {
    this.#closed = true;
  }

  async [Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')]() {
    this.close();
  }

  static {
    for (const [group, Resource] of Object.entries(RESOURCES)) {
      Object.defineProperty(Clerk.prototype, group, {
        get() {
          return (this.#resources[group] ??= new Resource(this));
        },
        enumerable: false,
        configurable: true,
      });
    }
  }
}

module.exports = { Clerk, PageRequest };
