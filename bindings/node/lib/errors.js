'use strict';
// Error classes built from the core's ErrorRecord (JSON from the addon). The
// core writes and redacts every message; this file only picks the class by
// the record's stable `code` and names the fields in camelCase.

class ClerkError extends Error {
  constructor(record) {
    super(record.message);
    // Own, non-enumerable: `util.inspect` shows fields, not the raw record.
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true, writable: true });
    /** The core's stable code (`api_error`, `timeout`, `invalid_argument`, ...). */
    this.code = record.code;
    if (record.status != null) this.status = record.status;
  }
}

/** The API answered with a non-success status. */
class ClerkAPIResponseError extends ClerkError {
  constructor(record) {
    super(record);
    this.status = record.status;
    this.clerkTraceId = record.clerk_trace_id ?? null;
    /** Seconds, from `Retry-After`, or null. */
    this.retryAfter = record.retry_after_ms != null ? record.retry_after_ms / 1000 : null;
    this.errors = (record.errors ?? []).map((e) => ({
      code: e.code,
      message: e.message,
      longMessage: e.long_message ?? null,
      meta: e.meta ?? null,
    }));
    this.headers = Object.fromEntries((record.headers ?? []).map((h) => [h.name, h.value]));
    this.body = record.body ?? null;
  }
}

/** An attempt's timeout or the retry budget ran out. */
class ClerkTimeoutError extends ClerkError {}

/** No connection, TLS failure, or the connection broke (`code` says which). */
class ClerkConnectionError extends ClerkError {}

/** A success response whose body does not decode. */
class ClerkDecodeError extends ClerkError {
  constructor(record) {
    super(record);
    this.body = record.body ?? null;
  }
}

/** A parameter or option was refused before anything was sent; `parameter` names it. */
class ClerkInvalidArgumentError extends ClerkError {
  constructor(record) {
    super(record);
    this.parameter = record.parameter ?? null;
    /** The value had the wrong type (rather than a bad value). */
    this.wrongType = !!record.wrong_type;
  }
}

/** The client or request authentication is misconfigured (no secret key, bad URL). */
class ClerkConfigError extends ClerkError {
  constructor(record) {
    super(record);
    if (record.reason != null) this.reason = record.reason;
  }
}

/** The call was aborted by its `signal`. */
class ClerkAbortError extends ClerkError {}

/** A session or machine token was refused; `reason` is the spec's reason (`token-expired`). */
class TokenVerificationError extends ClerkError {
  constructor(record) {
    super(record);
    this.reason = record.reason;
  }
}

/** A webhook's secret, signature, timestamp or payload was refused; `reason` says which. */
class WebhookVerificationError extends ClerkError {
  constructor(record) {
    super(record);
    this.reason = record.reason;
  }
}

const BY_CODE = {
  api_error: ClerkAPIResponseError,
  timeout: ClerkTimeoutError,
  connection_error: ClerkConnectionError,
  tls_error: ClerkConnectionError,
  transport_error: ClerkConnectionError,
  decode_error: ClerkDecodeError,
  invalid_argument: ClerkInvalidArgumentError,
  config_error: ClerkConfigError,
  auth_config: ClerkConfigError,
  token_verification: TokenVerificationError,
  machine_token_verification: TokenVerificationError,
  webhook_verification: WebhookVerificationError,
  webhook_config: WebhookVerificationError,
  cancelled: ClerkAbortError,
};

function fromRecord(record) {
  const Class = BY_CODE[record.code] ?? ClerkError;
  return new Class(record);
}

/** The error a native reply or a thrown native record stands for. */
function fromJson(json) {
  return fromRecord(JSON.parse(json));
}

/** Runs `fn`, turning a record the addon threw into its class. */
function native(fn) {
  try {
    return fn();
  } catch (e) {
    if (e && e.code === 'CLERK_ERROR_RECORD') throw fromJson(e.message);
    throw e;
  }
}

function invalidArgument(parameter, message, wrongType = true) {
  return new ClerkInvalidArgumentError({
    code: 'invalid_argument',
    message: `parameter \`${parameter}\`: ${message}`,
    parameter,
    wrong_type: wrongType,
  });
}

function aborted() {
  return new ClerkAbortError({ code: 'cancelled', message: 'the call was cancelled' });
}

module.exports = {
  ClerkError,
  ClerkAPIResponseError,
  ClerkTimeoutError,
  ClerkConnectionError,
  ClerkDecodeError,
  ClerkInvalidArgumentError,
  ClerkConfigError,
  ClerkAbortError,
  TokenVerificationError,
  WebhookVerificationError,
  fromRecord,
  fromJson,
  native,
  invalidArgument,
  aborted,
};
