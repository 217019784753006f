'use strict';
// clerk-backend: the Clerk Backend API and request authentication for Node,
// on the Rust core (see README.md).

const addon = require('./lib/native');
const errors = require('./lib/errors');
const { Clerk } = require('./lib/client');
const auth = require('./lib/auth');

module.exports = {
  Clerk,
  createClerkClient: (options) => new Clerk(options),
  authenticateRequest: auth.authenticateRequest,
  verifyToken: auth.verifyToken,
  verifyMachineToken: auth.verifyMachineToken,
  verifyWebhook: auth.verifyWebhook,
  Authenticator: auth.Authenticator,
  RequestState: auth.RequestState,
  ClerkError: errors.ClerkError,
  ClerkAPIResponseError: errors.ClerkAPIResponseError,
  ClerkTimeoutError: errors.ClerkTimeoutError,
  ClerkConnectionError: errors.ClerkConnectionError,
  ClerkDecodeError: errors.ClerkDecodeError,
  ClerkInvalidArgumentError: errors.ClerkInvalidArgumentError,
  ClerkConfigError: errors.ClerkConfigError,
  ClerkAbortError: errors.ClerkAbortError,
  TokenVerificationError: errors.TokenVerificationError,
  WebhookVerificationError: errors.WebhookVerificationError,
  SDK_VERSION: addon.version(),
};
