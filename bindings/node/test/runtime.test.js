'use strict';
// Runtime behaviour with the real addon and local servers: the event loop
// keeps ticking during slow and concurrent calls, worker threads, abort
// (the server sees the connection closed), process exit without close(),
// pagination to the end, uploads from a Buffer, a Blob and a path.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Worker } = require('node:worker_threads');
const { PACKAGE_DIR, pkg, server, json } = require('./helpers');

const { Clerk, ClerkAbortError, Authenticator, ClerkInvalidArgumentError } = pkg();
const SECRET = 'sk_test_runtime';
const clerkAt = (url, extra = {}) => new Clerk({ secretKey: SECRET, serverUrl: url, ...extra });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Counts 10 ms timer ticks while `work` runs; returns [result, ticks, elapsed ms]. */
async function ticking(work) {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 10);
  const started = Date.now();
  try {
    const result = await work();
    return [result, ticks, Date.now() - started];
  } finally {
    clearInterval(timer);
  }
}

test('the event loop keeps ticking during a slow call and during 32 concurrent calls', async () => {
  const srv = await server((req, res) => setTimeout(() => json(res, 200, { id: 'user_1' }), 400));
  try {
    const clerk = clerkAt(srv.url);
    const [one, ticks, elapsed] = await ticking(() => clerk.users.get({ user_id: 'user_1' }));
    assert.strictEqual(one.id, 'user_1');
    assert.ok(elapsed >= 390, `${elapsed}`);
    assert.ok(ticks >= elapsed / 10 / 2, `${ticks} ticks in ${elapsed} ms`);
    const [many, ticks32, elapsed32] = await ticking(() =>
      Promise.all(Array.from({ length: 32 }, (_, i) => clerk.users.get({ user_id: `user_${i}` }))),
    );
    assert.strictEqual(many.length, 32);
    assert.ok(elapsed32 < 4000, `32 concurrent 400 ms calls took ${elapsed32} ms: they did not overlap`);
    assert.ok(ticks32 >= elapsed32 / 10 / 2, `${ticks32} ticks in ${elapsed32} ms`);
    assert.strictEqual(srv.requests.length, 33);
  } finally {
    await srv.close();
  }
});

test('the addon loads in several worker threads at once, beside the main thread', async () => {
  const srv = await server((req, res) => json(res, 200, { id: req.url.split('/').pop() }));
  try {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { Clerk } = require(workerData.pkg);
      const clerk = new Clerk({ secretKey: 'sk_test_w', serverUrl: workerData.url });
      Promise.all([1, 2, 3].map((i) => clerk.users.get({ user_id: 'user_' + workerData.n + '_' + i })))
        .then((users) => parentPort.postMessage(users.map((u) => u.id)), (e) => parentPort.postMessage('error: ' + e.message));
    `;
    const run = (n) =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { pkg: PACKAGE_DIR, url: srv.url, n } });
        let got;
        w.on('message', (m) => (got = m));
        w.on('error', reject);
        w.on('exit', (codeOut) => (codeOut === 0 ? resolve(got) : reject(new Error(`worker exit ${codeOut}`))));
      });
    const [main, ...workers] = await Promise.all([clerkAt(srv.url).users.get({ user_id: 'user_main' }), run(1), run(2), run(3), run(4)]);
    assert.strictEqual(main.id, 'user_main');
    assert.deepStrictEqual(workers, [1, 2, 3, 4].map((n) => [1, 2, 3].map((i) => `user_${n}_${i}`)));
  } finally {
    await srv.close();
  }
});

/** A server that never answers; resolves `closed` when the client closes a connection. */
async function silentServer() {
  let onClose;
  const closed = new Promise((r) => (onClose = r));
  const srv = await server(() => {});
  srv.server.on('connection', (s) => s.on('close', () => onClose(Date.now())));
  return { srv, closed };
}

test('an AbortSignal aborts a call: ClerkAbortError at once, the server sees the connection closed', async () => {
  const { srv, closed } = await silentServer();
  try {
    const ac = new AbortController();
    const call = clerkAt(srv.url).users.get({ user_id: 'u' }, { signal: ac.signal });
    while (srv.requests.length === 0) await sleep(10);
    const abortedAt = Date.now();
    ac.abort();
    await assert.rejects(call, (e) => e instanceof ClerkAbortError && e.code === 'cancelled');
    const closedAt = await Promise.race([closed, sleep(3000).then(() => null)]);
    assert.ok(closedAt !== null, 'the server never saw the connection close');
    assert.ok(closedAt - abortedAt < 2000, `closed ${closedAt - abortedAt} ms after abort`);
    // An already aborted signal sends nothing.
    await assert.rejects(clerkAt(srv.url).users.get({ user_id: 'u' }, { signal: AbortSignal.abort() }), ClerkAbortError);
    assert.strictEqual(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});

test('an AbortSignal aborts a page iteration and an authenticateRequest that is fetching keys', async () => {
  const { srv, closed } = await silentServer();
  try {
    const ac = new AbortController();
    const iterate = (async () => {
      for await (const u of clerkAt(srv.url).users.list({ limit: 10 }, { signal: ac.signal })) void u;
    })();
    while (srv.requests.length === 0) await sleep(10);
    ac.abort();
    await assert.rejects(iterate, ClerkAbortError);
    assert.ok(await Promise.race([closed, sleep(3000).then(() => null)]), 'page request connection not closed');
  } finally {
    await srv.close();
  }
  const jwks = await silentServer();
  try {
    const ac = new AbortController();
    const auth = new Authenticator();
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'ins_x', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'u', iss: 'https://clerk.example.com', exp: 4e9, iat: 1, nbf: 1 })).toString('base64url');
    const pending = auth.authenticateRequest(
      { url: 'https://app.example.com/', headers: { authorization: `Bearer ${header}.${payload}.c2ln` } },
      { secretKey: 'sk_test_x', publishableKey: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k', apiUrl: jwks.srv.url, signal: ac.signal },
    );
    while (jwks.srv.requests.length === 0) await sleep(10);
    assert.match(jwks.srv.requests[0].url, /jwks/);
    ac.abort();
    await assert.rejects(pending, ClerkAbortError);
    assert.ok(await Promise.race([jwks.closed, sleep(3000).then(() => null)]), 'JWKS connection not closed');
  } finally {
    await jwks.srv.close();
  }
});

test('a script that made calls exits by itself without close()', async () => {
  const srv = await server((req, res) => json(res, 200, { id: 'user_1' }));
  try {
    const script = `
      const { Clerk } = require(${JSON.stringify(PACKAGE_DIR)});
      const clerk = new Clerk({ secretKey: 'sk_test_exit', serverUrl: ${JSON.stringify(srv.url)} });
      Promise.all([clerk.users.get({ user_id: 'user_1' }), clerk.users.get({ user_id: 'user_1' })])
        .then((u) => console.log('done', u.length));
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await Promise.race([
      new Promise((r) => child.on('exit', (c) => r(c))),
      sleep(10_000).then(() => {
        child.kill('SIGKILL');
        return 'hung';
      }),
    ]);
    assert.strictEqual(code, 0, `the child did not exit by itself (${code})`);
    assert.strictEqual(out.trim(), 'done 2');
    assert.ok(Date.now() - started < 10_000);
  } finally {
    await srv.close();
  }
});

test('pagination: await gives the first page; for await walks every item to the end (array and envelope pages)', async () => {
  const users = Array.from({ length: 25 }, (_, i) => ({ id: `user_${i}` }));
  const srv = await server((req, res) => {
    const u = new URL(req.url, 'http://x');
    const limit = Number(u.searchParams.get('limit') ?? 10);
    const offset = Number(u.searchParams.get('offset') ?? 0);
    const page = users.slice(offset, offset + limit);
    if (u.pathname === '/users') return json(res, 200, page);
    return json(res, 200, { data: page.map((x) => ({ ...x, id: x.id.replace('user', 'org') })), total_count: users.length });
  });
  try {
    const clerk = clerkAt(srv.url);
    const first = await clerk.users.list({ limit: 10 });
    assert.deepStrictEqual(first.map((u) => u.id), users.slice(0, 10).map((u) => u.id));
    const all = [];
    for await (const u of clerk.users.list({ limit: 10 })) all.push(u.id);
    assert.deepStrictEqual(all, users.map((u) => u.id));
    const orgs = [];
    for await (const o of clerk.organizations.list({ limit: 7 })) orgs.push(o.id);
    assert.strictEqual(orgs.length, 25);
    assert.strictEqual(orgs[24], 'org_24');
    const envelope = await clerk.organizations.list({ limit: 7 });
    assert.strictEqual(envelope.total_count, 25);
    assert.strictEqual(envelope.data.length, 7);
    const offsets = srv.requests.filter((r) => r.url.startsWith('/users')).map((r) => new URL(r.url, 'http://x').searchParams.get('offset'));
    assert.deepStrictEqual(offsets, [null, '0', '10', '20']); // the await, then the pager's three pages
  } finally {
    await srv.close();
  }
});

test('uploads from a Buffer, a Blob and a path (streamed by the core), with fileName and contentType', async () => {
  const srv = await server((req, res) => json(res, 200, { id: 'user_1' }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-node-'));
  const file = path.join(dir, 'avatar.png');
  const content = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), crypto.randomBytes(200_000)]);
  fs.writeFileSync(file, content);
  try {
    const clerk = clerkAt(srv.url);
    await clerk.users.setProfileImage({ user_id: 'user_1', file: Buffer.from('buffer-bytes'), fileName: 'a.png', contentType: 'image/png' });
    await clerk.users.setProfileImage({ user_id: 'user_1', file: new File([Buffer.from('blob-bytes')], 'b.jpg', { type: 'image/jpeg' }) });
    await clerk.users.setProfileImage({ user_id: 'user_1', file: { path: file, contentType: 'image/png' } });
    const [a, b, c] = srv.requests;
    for (const r of [a, b, c]) {
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.url, '/users/user_1/profile_image');
      assert.match(r.headers['content-type'], /^multipart\/form-data; boundary=/);
    }
    assert.ok(a.body.includes('buffer-bytes') && a.body.includes('filename="a.png"') && a.body.includes('image/png'));
    assert.ok(b.body.includes('blob-bytes') && b.body.includes('filename="b.jpg"') && b.body.includes('image/jpeg'));
    assert.ok(c.body.includes(content), 'the file content was not sent');
    assert.ok(c.body.includes('filename="avatar.png"'));
    await assert.rejects(clerk.users.setProfileImage({ user_id: 'user_1', file: 42 }), ClerkInvalidArgumentError);
    assert.strictEqual(srv.requests.length, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await srv.close();
  }
});

const crypto = require('node:crypto');

test('logger: one line per request and response from the core, no secret; DEBUG=clerk-backend logs to stderr', async () => {
  const srv = await server((req, res, body, n) => (n === 1 ? json(res, 500, { errors: [] }) : json(res, 200, { id: 'user_1' })));
  try {
    const lines = [];
    const clerk = clerkAt(srv.url, { logger: (line) => lines.push(line), retryConfig: { backoff: { initialIntervalMs: 5 } } });
    await clerk.users.get({ user_id: 'user_logged' });
    for (let i = 0; i < 50 && lines.length < 4; i++) await sleep(10);
    assert.deepStrictEqual(
      lines.map((l) => l.split(' ').slice(0, 2).join(' ')),
      ['request GET', 'response 500', 'request GET', 'response 200'],
    );
    assert.ok(lines.every((l) => l.includes('/users/{user_id} users.get') && !l.includes(SECRET) && !l.includes('user_logged')), lines.join('\n'));
    const objectLines = [];
    await clerkAt(srv.url, { logger: { debug: (l) => objectLines.push(l) } }).users.get({ user_id: 'u' });
    for (let i = 0; i < 50 && objectLines.length < 2; i++) await sleep(10);
    assert.strictEqual(objectLines.length, 2);
    const script = `
      const { Clerk } = require(${JSON.stringify(PACKAGE_DIR)});
      new Clerk({ secretKey: ${JSON.stringify(SECRET)}, serverUrl: ${JSON.stringify(srv.url)} }).users.get({ user_id: 'u' }).then(() => {});
    `;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, DEBUG: 'clerk-backend' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    assert.strictEqual(await new Promise((r) => child.on('exit', r)), 0);
    assert.match(err, /^clerk-backend request GET \/users\/\{user_id\} users\.get attempt=1$/m);
    assert.match(err, /^clerk-backend response 200 GET /m);
    assert.ok(!err.includes(SECRET));
  } finally {
    await srv.close();
  }
});

test('close() ends the client: later calls reject, the resources stay readable', async () => {
  const srv = await server((req, res) => json(res, 200, { id: 'user_1' }));
  try {
    const clerk = clerkAt(srv.url);
    assert.strictEqual((await clerk.users.get({ user_id: 'user_1' })).id, 'user_1');
    if (Symbol.asyncDispose) await clerk[Symbol.asyncDispose]();
    else clerk.close();
    await assert.rejects(clerk.users.get({ user_id: 'user_1' }), (e) => e.code === 'config_error' && /closed/.test(e.message));
    assert.strictEqual(srv.requests.length, 1);
  } finally {
    await srv.close();
  }
});
