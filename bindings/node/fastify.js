'use strict';
// Fastify plugin over `authenticateRequest`: `fastify.register(clerkPlugin, options)`
// sets `request.auth` (the auth object) and `request.clerkRequestState` on every request.

const { authenticateRequest } = require('./lib/auth');

async function clerkPlugin(fastify, options = {}) {
  const { hookName = 'onRequest', ...authOptions } = options;
  fastify.decorateRequest('auth', null);
  fastify.decorateRequest('clerkRequestState', null);
  fastify.addHook(hookName, async (request, reply) => {
    const state = await authenticateRequest(request.raw, authOptions);
    request.clerkRequestState = state;
    request.auth = state.toAuth();
    state.headers.forEach((value, name) => reply.header(name, value));
  });
}
// Not encapsulated: the hook applies to the routes of the registering scope.
clerkPlugin[Symbol.for('skip-override')] = true;
clerkPlugin[Symbol.for('fastify.display-name')] = 'clerk-backend';

module.exports = { clerkPlugin, default: clerkPlugin };
