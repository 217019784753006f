'use strict';
// Every operation of the IR once through the Node API against Prism (the
// spec's mock): `clerk.<js_group>.<js_method>(example params)`. Operations
// of the 2024 spec (`sessions.verify`) go to CLERK_CONTRACT_URL_2024.
// Without the URLs the test fails, unless CLERK_SKIP_CONTRACT=1.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, pkg } = require('./helpers');

const { Clerk, ClerkError } = pkg();
const IR = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/src/generated/ir.json'), 'utf8'));
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);

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
  const clerks = { main: new Clerk({ ...options, serverUrl: main }), legacy: new Clerk({ ...options, serverUrl: legacy }) };
  const failures = [];
  let passed = 0;
  const ops = IR.operations;
  for (const op of ops) {
    const clerk = op.spec.startsWith('bapi-2024') ? clerks.legacy : clerks.main;
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
