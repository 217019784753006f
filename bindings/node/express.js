'use strict';
// Express middleware over `authenticateRequest`: `app.use(clerkMiddleware())`
// sets `req.auth` (the auth object) and `req.clerkRequestState`;
// `requireAuth()` answers 401 to a request that is not signed in.

const { authenticateRequest } = require('./lib/auth');

function clerkMiddleware(options = {}) {
  return function clerk(req, res, next) {
    authenticateRequest(req, options).then((state) => {
      req.clerkRequestState = state;
      req.auth = state.toAuth();
      state.headers.forEach((value, name) => res.setHeader(name, value));
      next();
    }, next);
  };
}

function requireAuth(options = {}) {
  const authenticate = clerkMiddleware(options);
  return function clerkRequireAuth(req, res, next) {
    authenticate(req, res, (err) => {
      if (err) return next(err);
      if (req.auth?.isAuthenticated) return next();
      res.status(401).json({ error: 'unauthenticated', reason: req.clerkRequestState.reason });
    });
  };
}

module.exports = { clerkMiddleware, requireAuth };
