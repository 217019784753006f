'use strict';
// The core's fault cases seen from JavaScript, against real local servers:
// each surfaces as the right error class with the right fields; a POST is
// never sent twice; bad arguments throw before any request.

const test = require('node:test');
const assert = require('node:assert');
const util = require('node:util');
const { pkg, server, json } = require('./helpers');

const {
  Clerk,
  ClerkError,
  ClerkAPIResponseError,
  ClerkTimeoutError,
  ClerkConnectionError,
  ClerkDecodeError,
  ClerkInvalidArgumentError,
  ClerkConfigError,
} = pkg();

const SECRET = 'sk_test_faultsecret0123456789';
const FAST_RETRY = { backoff: { initialIntervalMs: 5, maxIntervalMs: 20, maxElapsedTimeMs: 5000 } };

function clerk(url, extra = {}) {
  return new Clerk({ secretKey: SECRET, serverUrl: url, ...extra });
}

function noSecret(e) {
  for (const text of [e.message, e.stack, String(e), util.inspect(e), JSON.stringify(e)]) {
    assert.ok(!text.includes(SECRET), `the secret key leaked: ${text}`);
  }
}

test('429 with Retry-After: ClerkAPIResponseError with status, retryAfter, trace id, errors, headers, body', async () => {
  const srv = await server((req, res) =>
    json(
      res,
      429,
      {
        errors: [{ code: 'too_many_requests', message: 'slow down', long_message: `Too many requests for ${SECRET}`, meta: { n: 1 } }],
        clerk_trace_id: 'trace_429',
      },
      { 'retry-after': '3' },
    ),
  );
  try {
    const err = await clerk(srv.url, { retryConfig: { strategy: 'none' } }).users.get({ user_id: 'user_1' }).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.ok(err instanceof ClerkAPIResponseError && err instanceof ClerkError && err instanceof Error);
    assert.strictEqual(err.name, 'ClerkAPIResponseError');
    assert.strictEqual(err.code, 'api_error');
    assert.strictEqual(err.status, 429);
    assert.strictEqual(err.retryAfter, 3);
    assert.strictEqual(err.clerkTraceId, 'trace_429');
    assert.deepStrictEqual(err.errors.map((e) => [e.code, e.message, e.meta]), [['too_many_requests', 'slow down', { n: 1 }]]);
    assert.ok(err.errors[0].longMessage.startsWith('Too many requests for '));
    assert.strictEqual(err.headers['retry-after'], '3');
    assert.ok(err.body.includes('too_many_requests'));
    noSecret(err);
    assert.strictEqual(srv.requests.length, 1);
    assert.strictEqual(srv.requests[0].headers.authorization, `Bearer ${SECRET}`);
  } finally {
    await srv.close();
  }
});

test('500 then 200 is retried once and succeeds', async () => {
  const srv = await server((req, res, body, n) => (n === 1 ? json(res, 500, { errors: [] }) : json(res, 200, { id: 'user_1' })));
  try {
    const user = await clerk(srv.url, { retryConfig: FAST_RETRY }).users.get({ user_id: 'user_1' });
    assert.deepStrictEqual(user, { id: 'user_1' });
    assert.strictEqual(srv.requests.length, 2);
  } finally {
    await srv.close();
  }
});

test('a POST answered 500 is not sent again; a reset POST is not sent again', async () => {
  const srv = await server((req, res, body, n) => (n === 1 ? json(res, 500, { errors: [] }) : req.socket.destroy()));
  try {
    const c = clerk(srv.url, { retryConfig: FAST_RETRY });
    await assert.rejects(c.users.create({ email_address: ['a@example.com'] }), (e) => e instanceof ClerkAPIResponseError && e.status === 500);
    assert.strictEqual(srv.requests.length, 1);
    await assert.rejects(c.users.create({ email_address: ['a@example.com'] }), (e) => {
      assert.ok(e instanceof ClerkConnectionError, `${e.name}: ${e.message}`);
      assert.strictEqual(e.code, 'transport_error');
      return true;
    });
    assert.strictEqual(srv.requests.length, 2);
  } finally {
    await srv.close();
  }
});

test('a reset GET without retries is a ClerkConnectionError; a refused connection too', async () => {
  const srv = await server((req) => req.socket.destroy());
  try {
    await assert.rejects(clerk(srv.url, { retryConfig: { strategy: 'none' } }).users.get({ user_id: 'u' }), (e) => {
      assert.ok(e instanceof ClerkConnectionError);
      noSecret(e);
      return true;
    });
  } finally {
    await srv.close();
  }
  await assert.rejects(
    clerk(srv.url, { retryConfig: { strategy: 'none' } }).users.get({ user_id: 'u' }),
    (e) => e instanceof ClerkConnectionError && e.code === 'connection_error',
  );
});

test('a slow server is a ClerkTimeoutError after timeoutMs', async () => {
  const srv = await server(() => {});
  try {
    const started = Date.now();
    await assert.rejects(
      clerk(srv.url, { retryConfig: { strategy: 'none' } }).users.get({ user_id: 'u' }, { timeoutMs: 200 }),
      (e) => e instanceof ClerkTimeoutError && e.code === 'timeout',
    );
    const took = Date.now() - started;
    assert.ok(took >= 190 && took < 5000, `took ${took} ms`);
  } finally {
    await srv.close();
  }
});

test('invalid JSON is a ClerkDecodeError with status and raw body', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{not json');
  });
  try {
    await assert.rejects(clerk(srv.url).users.get({ user_id: 'u' }), (e) => {
      assert.ok(e instanceof ClerkDecodeError, `${e.name}: ${e.message}`);
      assert.strictEqual(e.code, 'decode_error');
      assert.strictEqual(e.status, 200);
      assert.strictEqual(e.body, '{not json');
      return true;
    });
    assert.strictEqual(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});

test('a JSON body that is not UTF-8 is a ClerkDecodeError, never altered data', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const [open, close] = req.url.startsWith('/users?') ? ['[{', '}]'] : ['{', '}'];
    res.end(Buffer.concat([Buffer.from(`${open}"id": "user_`), Buffer.from([0xff, 0xfe]), Buffer.from(`"${close}`)]));
  });
  try {
    await assert.rejects(clerk(srv.url).users.get({ user_id: 'u' }), (e) => e instanceof ClerkDecodeError && e.status === 200);
    await assert.rejects(
      (async () => {
        for await (const u of clerk(srv.url).users.list({ limit: 10 })) void u;
      })(),
      (e) => e instanceof ClerkDecodeError && /UTF-8/.test(e.message),
    );
  } finally {
    await srv.close();
  }
});

test('a 10 MB body decodes', async () => {
  const pad = 'x'.repeat(1000);
  const items = Array.from({ length: 10_500 }, (_, i) => ({ id: `user_${i}`, pad }));
  const body = JSON.stringify(items);
  assert.ok(body.length > 10 * 1024 * 1024);
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  try {
    const page = await clerk(srv.url).users.list({ limit: 10 });
    assert.strictEqual(page.length, 10_500);
    assert.strictEqual(page[10_499].id, 'user_10499');
  } finally {
    await srv.close();
  }
});

test('bad arguments throw ClerkInvalidArgumentError naming the parameter before any request', async () => {
  const srv = await server((req, res) => json(res, 200, {}));
  try {
    const c = clerk(srv.url);
    const cases = [
      [() => c.users.get({}), 'user_id'],
      [() => c.users.get({ user_id: 5 }), 'user_id'],
      [() => c.users.get({ user_id: 'u', nope: 1 }), 'nope'],
      [() => c.users.list({ limit: 'ten' }), 'limit'],
      [() => c.users.get('user_1'), 'params'],
      [() => c.users.get({ user_id: 'u' }, { timeoutMs: 'soon' }), 'options.timeoutMs'],
      [() => c.users.get({ user_id: 'u' }, { retries: { maxAttempts: -1 } }), 'options.retries.maxAttempts'],
      [() => c.users.get({ user_id: 'u' }, { timeout: 5 }), 'options.timeout'],
      [() => c.users.get({ user_id: 'u' }, { signal: 'yes' }), 'options.signal'],
      [() => c.users.get({ user_id: 1n }), 'params'],
    ];
    for (const [call, parameter] of cases) {
      let err;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof ClerkInvalidArgumentError, `${parameter}: ${err && err.name}: ${err && err.message}`);
      assert.strictEqual(err.code, 'invalid_argument');
      assert.strictEqual(err.parameter, parameter, err.message);
      assert.ok(err.message.includes(parameter.split('.').pop()), err.message);
    }
    assert.throws(() => new Clerk({ secret_key: SECRET }), (e) => {
      assert.ok(e instanceof ClerkInvalidArgumentError);
      assert.match(e.message, /did you mean `secretKey`/);
      noSecret(e);
      return true;
    });
    assert.throws(() => new Clerk({ retryConfig: { backoff: { exponent: 'x' } } }), (e) => e.parameter === 'options.retryConfig.backoff.exponent');
    assert.throws(() => new Clerk({ logger: 42 }), ClerkInvalidArgumentError);
    assert.strictEqual(srv.requests.length, 0, 'nothing may be sent for a bad argument');
  } finally {
    await srv.close();
  }
});

test('a call that needs a secret key the client lacks is a ClerkConfigError naming secretKey', async () => {
  const saved = process.env.CLERK_SECRET_KEY;
  delete process.env.CLERK_SECRET_KEY;
  try {
    await assert.rejects(new Clerk({ serverUrl: 'http://127.0.0.1:9' }).users.get({ user_id: 'u' }), (e) => {
      assert.ok(e instanceof ClerkConfigError, e.name);
      assert.match(e.message, /secretKey/);
      return true;
    });
  } finally {
    if (saved !== undefined) process.env.CLERK_SECRET_KEY = saved;
  }
});

test('the client never shows its secret key (util.inspect, JSON, String)', () => {
  const c = clerk('http://127.0.0.1:9');
  for (const text of [util.inspect(c, { showHidden: true, depth: 5 }), JSON.stringify(c), String(c), util.inspect(c.users, { showHidden: true })]) {
    assert.ok(!text.includes(SECRET), text);
  }
});

test('CLERK_SECRET_KEY is the default secret key (read by the core)', async () => {
  const srv = await server((req, res) => json(res, 200, { id: 'u' }));
  const saved = process.env.CLERK_SECRET_KEY;
  process.env.CLERK_SECRET_KEY = 'sk_test_fromenv';
  try {
    await new Clerk({ serverUrl: srv.url }).users.get({ user_id: 'u' });
    assert.strictEqual(srv.requests[0].headers.authorization, 'Bearer sk_test_fromenv');
  } finally {
    if (saved === undefined) delete process.env.CLERK_SECRET_KEY;
    else process.env.CLERK_SECRET_KEY = saved;
    await srv.close();
  }
});

test('options reach the wire: client headers, call headers, serverUrl per call, wire names kept in responses', async () => {
  const srv = await server((req, res) => json(res, 200, { id: 'user_1', public_metadata: { someKey: { a_b: 1 } }, unknown_field: true }));
  try {
    const c = clerk('http://127.0.0.1:9', { headers: { 'x-client': 'c' } });
    const user = await c.users.get({ user_id: 'user_1' }, { serverUrl: srv.url, headers: { 'x-call': 'k' } });
    assert.deepStrictEqual(user, { id: 'user_1', public_metadata: { someKey: { a_b: 1 } }, unknown_field: true });
    assert.strictEqual(srv.requests[0].url, '/users/user_1');
    assert.strictEqual(srv.requests[0].headers['x-client'], 'c');
    assert.strictEqual(srv.requests[0].headers['x-call'], 'k');
  } finally {
    await srv.close();
  }
});
