'use strict';
// Every operation of the IR once through the Node API against Prism (the
// spec's mock): `clerk.<js_group>.<js_method>(example params)`. Operations
// of the 2024 spec (`sessions.verify`) go to CLERK_CONTRACT_URL_2024.
// Each request goes through a recording proxy on 127.0.0.1, which reads
// Prism's `sl-violations` header: a request violation fails the operation
// (Prism answers 2xx to some of them), as in the core's contract test.
// Without the URLs the test fails, unless CLERK_SKIP_CONTRACT=1.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ROOT, pkg } = require('./helpers');

const { Clerk, ClerkError } = pkg();
const IR = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/src/generated/ir.json'), 'utf8'));
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);

/** A proxy to `target` that records each response's request violations (Prism's `sl-violations`). */
async function violationProxy(target) {
  const seen = [];
  const srv = http.createServer((req, res) => {
    const up = http.request(new URL(req.url, target), { method: req.method, headers: req.headers }, (r) => {
      let list = [];
      try {
        list = JSON.parse(r.headers['sl-violations'] ?? '[]');
      } catch {
        list = [{ message: String(r.headers['sl-violations']) }];
      }
      seen.push(list.filter((v) => v.location?.[0] !== 'response').map((v) => v.message ?? JSON.stringify(v)));
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => res.destroy(e));
    req.pipe(up);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${srv.address().port}`, seen, close: () => new Promise((r) => srv.close(r)) };
}

function urls() {
  const main = process.env.CLERK_CONTRACT_URL;
  const legacy = process.env.CLERK_CONTRACT_URL_2024;
  return { main, legacy };
}

test('every operation through the Node API against Prism', { timeout: 600_000 }, async (t) => {
  const { main, legacy } = urls();
  if (!main || !legacy) {
    if (process.env.CLERK_SKIP_CONTRACT === '1') return t.skip('CLERK_SKIP_CONTRACT=1');
    assert.fail('CLERK_CONTRACT_URL / CLERK_CONTRACT_URL_2024 are not set: start Prism (scripts/prism.sh) or set CLERK_SKIP_CONTRACT=1');
  }
  const options = { secretKey: 'sk_test_contract', retryConfig: { strategy: 'none' } };
  const proxies = { main: await violationProxy(main), legacy: await violationProxy(legacy) };
  t.after(() => Promise.all([proxies.main.close(), proxies.legacy.close()]));
  const clerks = {
    main: new Clerk({ ...options, serverUrl: proxies.main.url }),
    legacy: new Clerk({ ...options, serverUrl: proxies.legacy.url }),
  };
  const failures = [];
  let passed = 0;
  const ops = IR.operations;
  for (const op of ops) {
    const which = op.spec.startsWith('bapi-2024') ? 'legacy' : 'main';
    const clerk = clerks[which];
    const before = proxies[which].seen.length;
    const params = { ...(op.example ?? {}) };
    for (const f of op.body?.fields ?? []) {
      if (f.type?.kind === 'file') params[f.name] = { data: PNG, fileName: 'logo.png', contentType: 'image/png' };
    }
    const method = clerk[op.js_group]?.[op.js_method];
    if (typeof method !== 'function') {
      failures.push(`${op.name}: no method clerk.${op.js_group}.${op.js_method}`);
      continue;
    }
    try {
      const result = await method.call(clerk[op.js_group], params);
      if (op.response.kind === 'json') assert.ok(result !== undefined, `${op.name}: no body`);
      const sent = proxies[which].seen.slice(before);
      assert.strictEqual(sent.length, 1, `${op.name}: ${sent.length} requests`);
      if (sent[0].length) throw new Error(`request violations: ${sent[0].join('; ')}`);
      passed += 1;
    } catch (e) {
      failures.push(`${op.name}: ${e instanceof ClerkError ? `${e.name} ${e.code} ${e.status ?? ''}` : ''} ${e.message}`);
    }
  }
  const report = `Node contract: ${passed}/${ops.length} operations passed against Prism\n${failures.join('\n')}`;
  t.diagnostic(report);
  console.log(report);
  assert.strictEqual(ops.length, 250, 'the IR has 250 operations');
  assert.deepStrictEqual(failures, []);
  assert.strictEqual(passed, ops.length);
});
