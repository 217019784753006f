'use strict';
// Request authentication, token verification and webhooks over the core
// (`NativeAuthenticator`, `verifyWebhookNative`). Options are camelCase and
// parsed by the core; unset keys come from the environment there.

const addon = require('./native');
const errors = require('./errors');
const { isObject, toJson, withSignal, decode } = require('./call');
const { requestParts, rawBody, flatHeaders } = require('./request');

function camel(s) {
  return s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** The auth object of `toAuth()`: the core's fields in camelCase; claims untouched. */
function authObject(json, token, payload) {
  if (json === null) return null;
  const auth = {};
  for (const [k, v] of Object.entries(json)) auth[camel(k)] = v;
  // The addon sends the session's claims once, as the state's payload.
  auth.sessionClaims = json.token_type === 'session_token' && json.is_authenticated ? payload : null;
  Object.defineProperty(auth, 'getToken', { value: async () => (auth.isAuthenticated ? token : null), enumerable: false });
  return auth;
}

/** The outcome of `authenticateRequest` (auth spec 9.1). */
class RequestState {
  #json;
  #token;
  #headers = null;

  constructor(json) {
    this.#json = json;
    this.#token = json.token ?? null;
    this.status = json.status;
    this.reason = json.reason ?? null;
    this.message = json.message ?? null;
    this.isSignedIn = json.is_signed_in;
    this.isAuthenticated = json.is_signed_in;
    this.tokenType = json.token_type ?? null;
    this.publishableKey = json.publishable_key;
    this.proxyUrl = json.proxy_url;
    this.domain = json.domain;
    this.isSatellite = json.is_satellite;
    this.signInUrl = json.sign_in_url;
    this.signUpUrl = json.sign_up_url;
    this.afterSignInUrl = json.after_sign_in_url;
    this.afterSignUpUrl = json.after_sign_up_url;
  }

  /** Headers to add to the response (`x-clerk-auth-*` when signed out), built when first read. */
  get headers() {
    return (this.#headers ??= new Headers(this.#json.headers));
  }

  /** The caller's own token (not enumerable, so logging the state does not print it). */
  get token() {
    return this.#token;
  }

  /** Verified claims (session) or the machine token's data; null when signed out. */
  get payload() {
    return this.#json.payload ?? null;
  }

  /** The session token's verification reason behind `reason`, if any. */
  get tokenError() {
    return this.#json.token_error ?? null;
  }

  toAuth({ treatPendingAsSignedOut = true } = {}) {
    const keepPending = !treatPendingAsSignedOut && this.#json.auth_keep_pending !== undefined;
    return authObject(keepPending ? this.#json.auth_keep_pending : this.#json.auth, this.#token, this.payload);
  }
}

const NO_OPTIONS = {};
// Parsed options per options object (and kind): a middleware passes the same
// object on every request, which then is read and parsed once. An object is
// read when first used: pass a new one to change options.
const parsed = { verify: new WeakMap(), request: new WeakMap() };

/** `[signal, native parsed options]` of an options argument. */
function nativeOptions(options, kind) {
  if (options === undefined || options === null) options = NO_OPTIONS;
  if (!isObject(options)) throw errors.invalidArgument('options', 'must be an object');
  let native = parsed[kind].get(options);
  if (native === undefined) {
    const { signal, ...rest } = options;
    const json = toJson(rest, 'options');
    native = errors.native(() =>
      kind === 'verify' ? new addon.NativeVerifyOptions(json) : new addon.NativeRequestOptions(json),
    );
    parsed[kind].set(options, native);
  }
  return [options.signal ?? null, native];
}

/** Token verification and request authentication with its own JWKS cache (or a fixed clock for tests). */
class Authenticator {
  #native;

  constructor({ nowMs, shared = false } = {}) {
    this.#native = errors.native(() => new addon.NativeAuthenticator(nowMs ?? null, shared));
  }

  setNowMs(nowMs) {
    errors.native(() => this.#native.setNowMs(nowMs));
  }

  get jwksFetchCount() {
    return this.#native.jwksFetchCount();
  }

  async authenticateRequest(request, options) {
    const [method, url, headers] = requestParts(request);
    const [signal, opts] = nativeOptions(options, 'request');
    const reply = await withSignal(signal, (c) => this.#native.authenticateRequest(method, url, headers, opts, c));
    return new RequestState(decode(reply));
  }

  async verifyToken(token, options) {
    if (typeof token !== 'string') throw errors.invalidArgument('token', 'must be a string');
    const [signal, opts] = nativeOptions(options, 'verify');
    return decode(await withSignal(signal, (c) => this.#native.verifyToken(token, opts, c)));
  }

  async verifyMachineToken(token, options) {
    if (typeof token !== 'string') throw errors.invalidArgument('token', 'must be a string');
    const [signal, opts] = nativeOptions(options, 'request');
    return decode(await withSignal(signal, (c) => this.#native.verifyMachineToken(token, opts, c)));
  }
}

let shared = null;
function sharedAuthenticator() {
  return (shared ??= new Authenticator({ shared: true }));
}

/** Authenticates a request (Fetch Request, IncomingMessage or `{ method, url, headers }`); resolves with a RequestState. */
function authenticateRequest(request, options) {
  return sharedAuthenticator().authenticateRequest(request, options);
}

/** Verifies a session JWT; resolves with its claims or rejects with a TokenVerificationError. */
function verifyToken(token, options) {
  return sharedAuthenticator().verifyToken(token, options);
}

/** Verifies an API key, M2M or OAuth token; resolves with its data. */
function verifyMachineToken(token, options) {
  return sharedAuthenticator().verifyMachineToken(token, options);
}

const WEBHOOK_OPTIONS = ['signingSecret', 'toleranceSeconds', 'acceptStandardHeaders', 'nowMs'];

/**
 * Verifies a webhook (Svix signature) over the raw body; resolves with the event
 * (`{ type, object, data, ... }`) or rejects with a WebhookVerificationError.
 * `signingSecret` defaults to `CLERK_WEBHOOK_SIGNING_SECRET`.
 */
async function verifyWebhook(request, options = {}) {
  if (!isObject(options)) throw errors.invalidArgument('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!WEBHOOK_OPTIONS.includes(key)) throw errors.invalidArgument(`options.${key}`, `unknown option of verifyWebhook (known: ${WEBHOOK_OPTIONS.join(', ')})`, false);
  }
  const { signingSecret = null, toleranceSeconds = null, acceptStandardHeaders = false, nowMs = null } = options;
  const body = await rawBody(request);
  const headers = flatHeaders(request.headers);
  const json = errors.native(() =>
    addon.verifyWebhookNative(body, headers, signingSecret, toleranceSeconds, acceptStandardHeaders, nowMs),
  );
  return JSON.parse(json).payload;
}

module.exports = {
  Authenticator,
  RequestState,
  authenticateRequest,
  verifyToken,
  verifyMachineToken,
  verifyWebhook,
};
