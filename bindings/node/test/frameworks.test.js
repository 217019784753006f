'use strict';
// Request authentication from the frameworks' request objects, with real
// servers on 127.0.0.1: the Express middleware, the Fastify plugin, a plain
// `http` server's IncomingMessage, and a Fetch Request. Tokens are signed
// here with a fresh RSA key (networkless verification through `jwtKey`).

const test = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const http = require('node:http');
const util = require('node:util');
const express = require('express');
const fastify = require('fastify');
const { pkg } = require('./helpers');

const { authenticateRequest, Clerk, RequestState } = pkg();
const { clerkMiddleware, requireAuth } = pkg('express');
const { clerkPlugin } = pkg('fastify');

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const JWT_KEY = publicKey.export({ type: 'spki', format: 'pem' });
const OPTIONS = {
  secretKey: 'sk_live_TestSecretKeyForVectors0123456789abcdef',
  publishableKey: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k',
  jwtKey: JWT_KEY,
  apiUrl: 'http://127.0.0.1:9',
};

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function sessionToken(claims = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' };
  const payload = { sub: 'user_frameworks', sid: 'sess_1', iss: 'https://clerk.example.com', iat: now, nbf: now - 5, exp: now + 60, ...claims };
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${crypto.sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}
const TOKEN = sessionToken();

async function listen(srv) {
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${srv.address().port}`;
}

test('a Fetch Request and { method, url, headers } are authenticated; the token never shows in inspection', async () => {
  const req = new Request('https://app.example.com/api', { headers: { authorization: `Bearer ${TOKEN}` } });
  const state = await authenticateRequest(req, OPTIONS);
  assert.ok(state instanceof RequestState);
  assert.strictEqual(state.status, 'signed-in', state.message);
  assert.strictEqual(state.isSignedIn, true);
  assert.strictEqual(state.tokenType, 'session_token');
  assert.strictEqual(state.token, TOKEN);
  const auth = state.toAuth();
  assert.strictEqual(auth.userId, 'user_frameworks');
  assert.strictEqual(auth.sessionId, 'sess_1');
  assert.strictEqual(auth.sessionClaims.sub, 'user_frameworks');
  assert.deepStrictEqual(state.payload, auth.sessionClaims);
  assert.strictEqual(await auth.getToken(), TOKEN);
  assert.ok(!util.inspect(state).includes(TOKEN), 'util.inspect(state) shows the token');
  const out = await authenticateRequest({ method: 'GET', url: 'https://app.example.com/api', headers: {} }, OPTIONS);
  assert.strictEqual(out.status, 'signed-out');
  assert.strictEqual(out.isSignedIn, false);
  assert.strictEqual(out.toAuth().userId, null);
  assert.strictEqual(out.toAuth().sessionClaims, null);
  assert.strictEqual(out.payload, null);
  assert.strictEqual(out.headers.get('x-clerk-auth-status'), 'signed-out');
  const expired = await authenticateRequest(
    { url: 'https://app.example.com/', headers: { authorization: `Bearer ${sessionToken({ exp: 1000, iat: 900, nbf: 900 })}` } },
    OPTIONS,
  );
  assert.strictEqual(expired.status, 'signed-out');
  assert.strictEqual(expired.tokenError, 'token-expired');
});

test('auth options are parsed by the core: camelCase names, unknown keys refused by name', async () => {
  const { ClerkInvalidArgumentError } = pkg();
  const req = { url: 'https://app.example.com/', headers: { authorization: `Bearer ${TOKEN}` } };
  await assert.rejects(authenticateRequest(req, { ...OPTIONS, authorizedPartys: ['https://a'] }), (e) => {
    assert.ok(e instanceof ClerkInvalidArgumentError, e.name);
    assert.strictEqual(e.parameter, 'options.authorizedPartys');
    assert.match(e.message, /did you mean `authorizedParties`/);
    return true;
  });
  await assert.rejects(authenticateRequest(req, { ...OPTIONS, jwt_key: JWT_KEY }), /did you mean `jwtKey`/);
  await assert.rejects(authenticateRequest(req, { ...OPTIONS, clockSkewInMs: 'x' }), (e) => e.parameter === 'options.clockSkewInMs');
  // The same options object, used again, is parsed once and still applies.
  const strict = { ...OPTIONS, authorizedParties: ['https://other.example.com'] };
  const withAzp = { url: 'https://app.example.com/', headers: { authorization: `Bearer ${sessionToken({ azp: 'https://app.example.com' })}` } };
  for (let i = 0; i < 3; i++) {
    const state = await authenticateRequest(withAzp, strict);
    assert.strictEqual(state.status, 'signed-out');
    assert.strictEqual(state.tokenError, 'token-invalid-authorized-parties');
  }
});

test('a Clerk client authenticates with its own keys as defaults', async () => {
  const clerk = new Clerk({ secretKey: OPTIONS.secretKey, jwtKey: JWT_KEY, publishableKey: OPTIONS.publishableKey });
  const state = await clerk.authenticateRequest({ url: 'https://app.example.com/', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.strictEqual(state.status, 'signed-in', state.message);
  const claims = await clerk.verifyToken(TOKEN);
  assert.strictEqual(claims.sub, 'user_frameworks');
});

test('a plain http server: the IncomingMessage is authenticated and its body left unread', async () => {
  const srv = http.createServer(async (req, res) => {
    const state = await authenticateRequest(req, OPTIONS);
    let body = '';
    for await (const chunk of req) body += chunk;
    res.end(JSON.stringify({ status: state.status, userId: state.toAuth().userId, body }));
  });
  const url = await listen(srv);
  try {
    const r = await fetch(`${url}/api?x=1`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: 'payload' });
    assert.deepStrictEqual(await r.json(), { status: 'signed-in', userId: 'user_frameworks', body: 'payload' });
  } finally {
    srv.close();
  }
});

test('Express: clerkMiddleware sets req.auth; requireAuth answers 401', async () => {
  const app = express();
  app.use(clerkMiddleware(OPTIONS));
  app.get('/me', (req, res) => res.json({ userId: req.auth.userId, status: req.clerkRequestState.status }));
  app.get('/private', requireAuth(OPTIONS), (req, res) => res.json({ ok: true }));
  const srv = http.createServer(app);
  const url = await listen(srv);
  try {
    const signedIn = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.deepStrictEqual(await signedIn.json(), { userId: 'user_frameworks', status: 'signed-in' });
    const anonymous = await fetch(`${url}/me`);
    assert.deepStrictEqual(await anonymous.json(), { userId: null, status: 'signed-out' });
    assert.strictEqual(anonymous.headers.get('x-clerk-auth-status'), 'signed-out');
    assert.strictEqual((await fetch(`${url}/private`)).status, 401);
    const ok = await fetch(`${url}/private`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.strictEqual(ok.status, 200);
  } finally {
    srv.close();
  }
});

test('Fastify: the plugin sets request.auth on every route', async () => {
  const app = fastify();
  await app.register(clerkPlugin, OPTIONS);
  app.get('/me', async (request) => ({ userId: request.auth.userId, status: request.clerkRequestState.status }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  try {
    const signedIn = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.deepStrictEqual(await signedIn.json(), { userId: 'user_frameworks', status: 'signed-in' });
    const anonymous = await fetch(`${url}/me`);
    assert.deepStrictEqual(await anonymous.json(), { userId: null, status: 'signed-out' });
  } finally {
    await app.close();
  }
});
