import type { RequestHandler } from 'express';
import type { AuthObject, AuthenticateRequestOptions, RequestState } from './index';

declare global {
  namespace Express {
    interface Request {
      auth?: AuthObject | null;
      clerkRequestState?: RequestState;
    }
  }
}

/** Sets `req.auth` and `req.clerkRequestState` on every request. */
export function clerkMiddleware(options?: AuthenticateRequestOptions): RequestHandler;
/** As `clerkMiddleware`, answering 401 when the request is not authenticated. */
export function requireAuth(options?: AuthenticateRequestOptions): RequestHandler;
