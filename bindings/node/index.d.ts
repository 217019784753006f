// Hand-written declarations of the JavaScript layer. Resources, methods,
// params and models are generated (`generated/api.d.ts`, from the IR).
import type { ClerkResources } from './generated/api';
import type { RetryConfig } from './types';

export * from './generated/api';
export * from './types';

/** `new Clerk(options)`: unset `secretKey` / `serverUrl` / `apiVersion` come from `CLERK_SECRET_KEY`, `CLERK_API_URL`, `CLERK_API_VERSION`. */
export interface ClerkOptions {
  secretKey?: string;
  /** Server URL including the version (`https://api.clerk.com/v1`). */
  serverUrl?: string;
  apiVersion?: string;
  /** Timeout of each attempt, milliseconds (default 30 s). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  retryConfig?: RetryConfig;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Explicit proxy URL (by default the environment's proxy variables apply). */
  proxy?: string;
  maxResponseBytes?: number;
  userAgentSuffix?: string;
  /** Receives one line per request and response, secrets redacted. `DEBUG=clerk-backend` logs to stderr. */
  logger?: ((line: string) => void) | { debug(line: string): void };
  /** Defaults for `clerk.authenticateRequest` / `clerk.verifyToken`. */
  jwtKey?: string;
  publishableKey?: string;
}

export interface Clerk extends ClerkResources {}
export class Clerk implements ClerkResources {
  constructor(options?: ClerkOptions);
  authenticateRequest(request: AuthRequest, options?: AuthenticateRequestOptions): Promise<RequestState>;
  verifyToken(token: string, options?: VerifyTokenOptions): Promise<JwtPayload>;
  /** Later calls fail; calls already running finish. */
  close(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

export function createClerkClient(options?: ClerkOptions): Clerk;

// ---- errors ----

export type ClerkErrorCode =
  | 'api_error'
  | 'connection_error'
  | 'timeout'
  | 'tls_error'
  | 'transport_error'
  | 'decode_error'
  | 'invalid_argument'
  | 'config_error'
  | 'token_verification'
  | 'machine_token_verification'
  | 'auth_config'
  | 'webhook_verification'
  | 'webhook_config'
  | 'cancelled'
  | 'internal';

export class ClerkError extends Error {
  /** The core's stable code. */
  readonly code: ClerkErrorCode;
  readonly status?: number;
}

export interface ClerkAPIErrorJSON {
  code: string;
  message: string;
  longMessage: string | null;
  meta: Record<string, unknown> | null;
}

export class ClerkAPIResponseError extends ClerkError {
  readonly status: number;
  readonly clerkTraceId: string | null;
  /** Seconds, from the `Retry-After` header. */
  readonly retryAfter: number | null;
  readonly errors: ClerkAPIErrorJSON[];
  readonly headers: Record<string, string>;
  readonly body: string | null;
}
export class ClerkTimeoutError extends ClerkError {}
export class ClerkConnectionError extends ClerkError {}
export class ClerkDecodeError extends ClerkError {
  readonly body: string | null;
}
export class ClerkInvalidArgumentError extends ClerkError {
  /** The refused parameter or option (`user_id`, `options.timeoutMs`). */
  readonly parameter: string | null;
  readonly wrongType: boolean;
}
export class ClerkConfigError extends ClerkError {
  readonly reason?: string;
}
export class ClerkAbortError extends ClerkError {}
export class TokenVerificationError extends ClerkError {
  /** The auth spec's reason (`token-expired`, `token-invalid-signature`, ...). */
  readonly reason: string;
}
export class WebhookVerificationError extends ClerkError {
  readonly reason: string;
}

// ---- request authentication ----

/** A Fetch `Request`, a Node `IncomingMessage` (Express, Fastify's `request.raw`, Koa's `ctx.req`), or its parts. */
export type AuthRequest =
  | Request
  | import('node:http').IncomingMessage
  | { method?: string; url: string; headers: Record<string, string | string[] | undefined> | Headers | [string, string][] };

export type TokenType = 'session_token' | 'api_key' | 'm2m_token' | 'oauth_token';

export interface VerifyTokenOptions {
  secretKey?: string;
  jwtKey?: string;
  apiUrl?: string;
  apiVersion?: string;
  authorizedParties?: string | string[];
  audience?: string | string[];
  issuer?: string | string[];
  clockSkewInMs?: number;
  skipJwksCache?: boolean;
  maxTokenLength?: number;
  networkTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface AuthenticateRequestOptions extends VerifyTokenOptions {
  publishableKey?: string;
  machineSecretKey?: string;
  /** `'session_token'` (default), a machine token type, `'any'`, or a list. */
  acceptsToken?: TokenType | 'any' | TokenType[];
  domain?: string;
  isSatellite?: boolean;
  proxyUrl?: string;
  signInUrl?: string;
  signUpUrl?: string;
  afterSignInUrl?: string;
  afterSignUpUrl?: string;
}

export type JwtPayload = Record<string, unknown> & { sub?: string; sid?: string; exp?: number; iat?: number };

/** `toAuth()`: one flat object for session and machine tokens; fields that do not apply are null. */
export interface AuthObject {
  tokenType: TokenType | null;
  isAuthenticated: boolean;
  sessionClaims: JwtPayload | null;
  sessionId: string | null;
  sessionStatus: string | null;
  userId: string | null;
  actor: Record<string, unknown> | null;
  factorVerificationAge: [number, number] | null;
  orgId: string | null;
  orgSlug: string | null;
  orgRole: string | null;
  orgPermissions: string[] | null;
  id: string | null;
  subject: string | null;
  scopes: string[] | null;
  name: string | null;
  claims: Record<string, unknown> | null;
  machineId: string | null;
  clientId: string | null;
  /** The request's own token when authenticated. */
  getToken(): Promise<string | null>;
}

export class RequestState {
  readonly status: 'signed-in' | 'signed-out' | 'handshake';
  readonly reason: string | null;
  readonly message: string | null;
  readonly isSignedIn: boolean;
  readonly isAuthenticated: boolean;
  /** The request's token (not enumerable). */
  readonly token: string | null;
  readonly tokenType: TokenType | null;
  readonly tokenError: string | null;
  /** Headers to add to the response (`x-clerk-auth-*` when signed out). */
  readonly headers: Headers;
  readonly payload: Record<string, unknown> | null;
  readonly publishableKey: string;
  readonly proxyUrl: string;
  readonly domain: string;
  readonly isSatellite: boolean;
  readonly signInUrl: string;
  readonly signUpUrl: string;
  readonly afterSignInUrl: string;
  readonly afterSignUpUrl: string;
  toAuth(options?: { treatPendingAsSignedOut?: boolean }): AuthObject | null;
}

export interface MachineTokenData {
  token_type: TokenType;
  id: string | null;
  subject: string | null;
  scopes: string[] | null;
  claims: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** Request authentication with its own JWKS cache; `nowMs` fixes the clock (tests). */
export class Authenticator {
  constructor(options?: { nowMs?: number; shared?: boolean });
  setNowMs(nowMs: number): void;
  readonly jwksFetchCount: number;
  authenticateRequest(request: AuthRequest, options?: AuthenticateRequestOptions): Promise<RequestState>;
  verifyToken(token: string, options?: VerifyTokenOptions): Promise<JwtPayload>;
  verifyMachineToken(token: string, options?: AuthenticateRequestOptions): Promise<MachineTokenData>;
}

export function authenticateRequest(request: AuthRequest, options?: AuthenticateRequestOptions): Promise<RequestState>;
export function verifyToken(token: string, options?: VerifyTokenOptions): Promise<JwtPayload>;
export function verifyMachineToken(token: string, options?: AuthenticateRequestOptions): Promise<MachineTokenData>;

export interface WebhookEvent {
  type: string;
  object?: string;
  data: Record<string, unknown>;
  timestamp?: number;
  instance_id?: string;
  event_attributes?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface VerifyWebhookOptions {
  /** `whsec_…`; defaults to `CLERK_WEBHOOK_SIGNING_SECRET`. */
  signingSecret?: string;
  toleranceSeconds?: number;
  acceptStandardHeaders?: boolean;
  /** Fixed clock, unix milliseconds (tests). */
  nowMs?: number;
}

/** Verifies a webhook over the raw body (a Fetch Request, an IncomingMessage with a raw body, or `{ headers, body }`). */
export function verifyWebhook(
  request: Request | import('node:http').IncomingMessage | { headers: Record<string, string | string[] | undefined> | Headers; body: string | Uint8Array },
  options?: VerifyWebhookOptions,
): Promise<WebhookEvent>;

export const SDK_VERSION: string;
