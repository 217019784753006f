import type { FastifyPluginAsync } from 'fastify';
import type { AuthObject, AuthenticateRequestOptions, RequestState } from './index';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthObject | null;
    clerkRequestState: RequestState | null;
  }
}

export interface ClerkPluginOptions extends AuthenticateRequestOptions {
  /** The hook that authenticates (default `onRequest`). */
  hookName?: 'onRequest' | 'preHandler' | 'preValidation';
}

export const clerkPlugin: FastifyPluginAsync<ClerkPluginOptions>;
export default clerkPlugin;
