'use strict';
// The shared auth and webhook vectors through the Node API
// (`Authenticator#authenticateRequest`, `verifyWebhook`), with a fixed clock
// and a local server for the Backend API. CLERK_AUTH_VECTORS /
// CLERK_WEBHOOK_VECTORS name other files; the last test proves that every
// vector and sequence of the files ran and passed.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, pkg, server, json } = require('./helpers');

const { Authenticator, verifyWebhook, ClerkConfigError, WebhookVerificationError } = pkg();

function vectorFile(env, name) {
  const file = process.env[env] || path.join(ROOT, '..', 'shared', 'testdata', name);
  assert.ok(fs.existsSync(file), `test vectors not found at ${file} (set ${env})`);
  return file;
}

const AUTH_FILES = [vectorFile('CLERK_AUTH_VECTORS', 'auth-vectors.json'), path.join(ROOT, 'tests', 'fixtures', 'auth-vectors-extra.json')];
const AUTH_DOCS = AUTH_FILES.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const VECTORS = AUTH_DOCS.flatMap((d) => d.vectors);
const SEQUENCES = AUTH_DOCS.flatMap((d) => d.sequences ?? []);
const WEBHOOK_FILE = vectorFile('CLERK_WEBHOOK_VECTORS', 'webhook-vectors.json');
const WEBHOOKS = JSON.parse(fs.readFileSync(WEBHOOK_FILE, 'utf8')).vectors;
const ENV = ['CLERK_SECRET_KEY', 'CLERK_PUBLISHABLE_KEY', 'CLERK_JWT_KEY', 'CLERK_MACHINE_SECRET_KEY', 'CLERK_API_URL', 'CLERK_API_VERSION', 'CLERK_WEBHOOK_SIGNING_SECRET'];
for (const k of ENV) delete process.env[k];

const passed = new Set();
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A Backend API answering the vector's routes, recording the calls. */
function backend(spec) {
  const routes = spec?.routes ?? [];
  return server((req, res) => {
    const route = routes.find((r) => r.method === req.method && r.path === new URL(req.url, 'http://x').pathname);
    if (!route) return json(res, 404, { errors: [{ code: 'not_found', message: 'no route' }] });
    return json(res, route.status, route.json ?? null);
  });
}

/** The vector's snake_case options as the Node API spells them, the API at the local server. */
function options(opts, srv) {
  const out = {};
  for (const [k, v] of Object.entries(opts)) out[camel(k)] = v;
  out.apiUrl = srv.url; // the vectors' host is ignored; paths are kept
  return out;
}

function check(expected, state, calls, id) {
  let exp = { ...expected };
  if (exp.without_handshake_support && state.status !== 'handshake') exp = { ...exp, ...exp.without_handshake_support };
  assert.strictEqual(state.status, exp.status, id);
  if ('reason' in exp) assert.strictEqual(state.reason, exp.reason, id);
  if ('token_type' in exp) assert.strictEqual(state.tokenType, exp.token_type, id);
  if ('token_error' in exp) assert.strictEqual(state.tokenError, exp.token_error, id);
  if ('message_contains' in exp) assert.ok((state.message ?? '').includes(exp.message_contains), id);
  assert.strictEqual(state.isSignedIn, state.status === 'signed-in', id);
  if ('auth' in exp) {
    const auth = state.toAuth();
    assert.ok(auth, id);
    for (const [k, v] of Object.entries(exp.auth)) assert.deepStrictEqual(auth[camel(k)], v, `${id}: auth.${camel(k)}`);
    if (exp.auth.session_status === 'pending') {
      const kept = state.toAuth({ treatPendingAsSignedOut: false });
      assert.strictEqual(kept.isAuthenticated, true, `${id}: a pending session kept`);
      assert.strictEqual(kept.sessionStatus, 'pending', id);
      assert.ok(kept.userId, id);
    }
  }
  if ('backend_api_calls' in exp) {
    assert.strictEqual(calls.length, exp.backend_api_calls.length, `${id}: ${JSON.stringify(calls.map((c) => c.url))}`);
    exp.backend_api_calls.forEach((want, i) => {
      const got = calls[i];
      assert.deepStrictEqual([got.method, new URL(got.url, 'http://x').pathname], [want.method, want.path], id);
      for (const [h, v] of Object.entries(want.headers ?? {})) assert.strictEqual(got.headers[h.toLowerCase()], v, `${id}: header ${h}`);
      if ('json' in want) assert.deepStrictEqual(JSON.parse(got.body.toString()), want.json, id);
    });
  }
}

test('auth vectors', async (t) => {
  for (const v of VECTORS) {
    await t.test(v.id, async () => {
      const srv = await backend(v.backend_api);
      try {
        const auth = new Authenticator({ nowMs: v.now * 1000 });
        const opts = options(v.options, srv);
        if ('error' in v.expected) {
          await assert.rejects(auth.authenticateRequest(v.request, opts), (e) => {
            assert.ok(e instanceof ClerkConfigError, `${e.name}: ${e.message}`);
            assert.strictEqual(e.reason, v.expected.error);
            return true;
          });
        } else {
          const state = await auth.authenticateRequest(v.request, opts);
          check(v.expected, state, srv.requests, v.id);
        }
        passed.add(v.id);
      } finally {
        await srv.close();
      }
    });
  }
});

test('auth sequences', async (t) => {
  for (const seq of SEQUENCES) {
    await t.test(seq.id, async () => {
      const srv = await backend(seq.backend_api);
      try {
        const auth = new Authenticator({ nowMs: seq.steps[0].now * 1000 });
        for (const [i, step] of seq.steps.entries()) {
          auth.setNowMs(step.now * 1000);
          const before = srv.requests.length;
          const state = await auth.authenticateRequest(step.request, options({ ...seq.options, ...(step.options ?? {}) }, srv));
          check(step.expected, state, srv.requests.slice(before), `${seq.id}[${i}]`);
        }
        passed.add(seq.id);
      } finally {
        await srv.close();
      }
    });
  }
});

test('verifyMachineToken: an API key of the vectors verified through the Backend API', async () => {
  const v = VECTORS.find((x) => x.expected.status === 'signed-in' && x.expected.auth?.token_type === 'api_key');
  assert.ok(v, 'no signed-in api_key vector');
  const srv = await backend(v.backend_api);
  try {
    const token = v.request.headers.authorization.replace(/^Bearer /, '');
    const data = await new Authenticator({ nowMs: v.now * 1000 }).verifyMachineToken(token, options(v.options, srv));
    assert.strictEqual(data.token_type, 'api_key');
    assert.strictEqual(data.subject, v.expected.auth.subject);
    assert.strictEqual(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});

test('webhook vectors', async (t) => {
  for (const v of WEBHOOKS) {
    await t.test(v.id, async () => {
      const call = () => verifyWebhook({ headers: v.headers, body: v.body }, { signingSecret: v.secret, nowMs: v.now * 1000 });
      if (v.expected.ok) {
        const event = await call();
        for (const [k, want] of Object.entries(v.expected.event)) assert.deepStrictEqual(event[k], want, k);
      } else {
        await assert.rejects(call(), (e) => {
          assert.ok(e instanceof WebhookVerificationError, `${e.name}: ${e.message}`);
          assert.strictEqual(e.reason, v.expected.error);
          if (v.expected.message_contains) assert.ok(e.message.includes(v.expected.message_contains), e.message);
          if (v.secret) assert.ok(!String(e).includes(v.secret) && !e.stack.includes(v.secret));
          return true;
        });
      }
      passed.add(`webhook:${v.id}`);
    });
  }
});

test('the webhook signing secret defaults to CLERK_WEBHOOK_SIGNING_SECRET (read by the core)', async () => {
  const v = WEBHOOKS.find((w) => w.expected.ok);
  process.env.CLERK_WEBHOOK_SIGNING_SECRET = v.secret;
  try {
    const event = await verifyWebhook(new Request('https://app.example.com/webhooks', { method: 'POST', headers: v.headers, body: v.body }), { nowMs: v.now * 1000 });
    assert.strictEqual(event.type, v.expected.event.type);
  } finally {
    delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  }
});

test('every vector and sequence of the files ran and passed', () => {
  const wanted = new Set([...VECTORS.map((v) => v.id), ...SEQUENCES.map((s) => s.id), ...WEBHOOKS.map((w) => `webhook:${w.id}`)]);
  assert.ok(VECTORS.length >= 1 && WEBHOOKS.length >= 1);
  assert.strictEqual(wanted.size, VECTORS.length + SEQUENCES.length + WEBHOOKS.length, 'ids are unique');
  const missing = [...wanted].filter((id) => !passed.has(id));
  assert.deepStrictEqual(missing, []);
  console.log(`ran ${VECTORS.length} auth vectors, ${SEQUENCES.length} sequences (${AUTH_FILES.join(', ')}) and ${WEBHOOKS.length} webhook vectors (${WEBHOOK_FILE})`);
});
