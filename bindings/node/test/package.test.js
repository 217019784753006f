'use strict';
// The npm package as installed from its tarball (scripts/test.sh packs it and
// installs it into .pack/app): `require` and `import` give the same objects,
// the subpath exports resolve, the addon comes from inside the package, and
// the JavaScript layer's error classes cover every code of the core.

const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { PACKAGE_DIR, pkg } = require('./helpers');

const packed = !!process.env.CLERK_NODE_PACKAGE;

test('the tarball installed in a fresh folder: require, import and the subpaths work', { skip: !packed && 'not packed (run scripts/test.sh)' }, () => {
  const app = path.resolve(PACKAGE_DIR, '..', '..');
  const files = fs.readdirSync(PACKAGE_DIR);
  assert.ok(files.some((f) => /^clerk-backend\..+\.node$/.test(f)), `no addon in the package: ${files}`);
  assert.ok(!files.includes('src') && !files.includes('Cargo.toml') && !files.includes('test'), `sources shipped: ${files}`);
  const script = `
    import assert from 'node:assert';
    import { createRequire } from 'node:module';
    import def, { Clerk, ClerkError, authenticateRequest } from 'clerk-backend';
    import { clerkMiddleware } from 'clerk-backend/express';
    import { clerkPlugin } from 'clerk-backend/fastify';
    const require = createRequire(import.meta.url);
    const cjs = require('clerk-backend');
    assert.strictEqual(Clerk, cjs.Clerk);
    assert.strictEqual(ClerkError, cjs.ClerkError);
    assert.strictEqual(def, cjs);
    assert.strictEqual(authenticateRequest, cjs.authenticateRequest);
    assert.strictEqual(typeof clerkMiddleware, 'function');
    assert.strictEqual(typeof clerkPlugin, 'function');
    assert.strictEqual(require('clerk-backend/package.json').name, 'clerk-backend');
    const clerk = new Clerk({ secretKey: 'sk_test_x' });
    assert.strictEqual(typeof clerk.users.list, 'function');
    assert.strictEqual(typeof clerk.organizationInvitations.getAll, 'function');
    console.log('ok', cjs.SDK_VERSION);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok \d+\.\d+\.\d+/);
});

test('the per-platform package: without an addon of its own, the package loads clerk-backend-<triple>', { skip: !process.env.CLERK_NODE_PLATFORM_TARBALL && 'not packed (run scripts/test.sh)' }, () => {
  const app = fs.mkdtempSync(path.join(path.dirname(process.env.CLERK_NODE_PLATFORM_TARBALL), 'platform-app-'));
  try {
    fs.writeFileSync(path.join(app, 'package.json'), '{"private": true}');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', process.env.CLERK_NODE_TARBALL, process.env.CLERK_NODE_PLATFORM_TARBALL], { cwd: app, encoding: 'utf8' });
    assert.strictEqual(install.status, 0, install.stdout + install.stderr);
    const main = path.join(app, 'node_modules', 'clerk-backend');
    for (const f of fs.readdirSync(main)) if (f.endsWith('.node')) fs.rmSync(path.join(main, f));
    const script = `
      const { Clerk } = require('clerk-backend');
      new Clerk({ secretKey: 'sk_test_x' });
      const loaded = Object.keys(require.cache).filter((f) => f.endsWith('.node'));
      console.log(JSON.stringify(loaded));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: app, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const loaded = JSON.parse(r.stdout);
    assert.strictEqual(loaded.length, 1);
    assert.match(loaded[0], /node_modules\/clerk-backend-[a-z0-9-]+\/clerk-backend\.[a-z0-9-]+\.node$/);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
});

test('every error code of the core maps to a class; the operation table matches the core', () => {
  const addon = pkg('lib/native');
  const tables = JSON.parse(addon.tablesJson());
  const errors = pkg('lib/errors');
  const classes = new Set();
  for (const { code } of tables.error_codes) {
    const e = errors.fromRecord({ code, message: 'm' });
    assert.ok(e instanceof errors.ClerkError && e.code === code, code);
    classes.add(e.constructor.name);
  }
  assert.ok(classes.size >= 9, [...classes].join());
  const ops = pkg('generated/operations');
  const names = Object.values(ops).flatMap((methods) => Object.values(methods).map(([name]) => name));
  assert.deepStrictEqual(names.sort(), [...tables.operations].sort());
});
