// ESM entry: the same objects as the CommonJS entry (one addon, one module state).
import cjs from './index.js';

export const {
  Clerk,
  createClerkClient,
  authenticateRequest,
  verifyToken,
  verifyMachineToken,
  verifyWebhook,
  Authenticator,
  RequestState,
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
  SDK_VERSION,
} = cjs;
export default cjs;
