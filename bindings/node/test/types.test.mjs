// The TypeScript declarations against drift: a usage file type-checks with
// `tsc --strict --noEmit` (its `@ts-expect-error` lines must each fail, so the
// declarations cannot be `any`), the generated file is what the emitter writes
// from the IR, and every declared resource and method exists on a real client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(pkg, '../..');
const apiDts = path.join(pkg, 'generated', 'api.d.ts');
// The installed tarball when scripts/test.sh packed one, else this folder.
const installed = process.env.CLERK_NODE_PACKAGE || pkg;
// The pinned devDependency; CLERK_TSC points at another install.
const tsc = process.env.CLERK_TSC || path.join(pkg, 'node_modules', '.bin', 'tsc');
// Fewer would mean someone deleted the negative cases.
const MIN_EXPECTED_ERRORS = 15;

test('the usage file type-checks with tsc --strict and each @ts-expect-error line fails', () => {
  assert.ok(existsSync(tsc), `tsc not found at ${tsc}: install bindings/node's devDependencies (npm ci) or set CLERK_TSC`);
  const args = ['-p', 'test/types/tsconfig.json', '--strict', '--noEmit', '--listFiles'];
  const r = spawnSync(tsc, args, { cwd: pkg, encoding: 'utf8' });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `tsc ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  // A tsconfig that left a file out would pass without checking it.
  const listed = r.stdout.split('\n').map((f) => path.resolve(pkg, f.trim()));
  for (const want of ['test/types/usage.ts', 'generated/api.d.ts', 'types.d.ts', 'index.d.ts']) {
    assert.ok(listed.includes(path.join(pkg, want)), `tsc did not read ${want}:\n${r.stdout}`);
  }
  const usage = readFileSync(path.join(pkg, 'test', 'types', 'usage.ts'), 'utf8');
  const expected = usage.match(/^\s*\/\/ @ts-expect-error /gm) ?? [];
  assert.ok(expected.length >= MIN_EXPECTED_ERRORS, `${expected.length} @ts-expect-error lines, want at least ${MIN_EXPECTED_ERRORS}`);
});

test('generated/api.d.ts is what scripts/gen/typescript.py writes from the IR', () => {
  const r = spawnSync('python3', ['scripts/gen/typescript.py', '--check'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

/** resource property → its declared method names, read from the generated file. */
function declaredResources() {
  const text = readFileSync(apiDts, 'utf8');
  const block = (name) => {
    const m = text.match(new RegExp(`^export interface ${name} \\{\\n([\\s\\S]*?)^\\}`, 'm'));
    assert.ok(m, `interface ${name} not found in ${apiDts}`);
    return m[1];
  };
  const resources = new Map();
  for (const [, prop, iface] of block('ClerkResources').matchAll(/^ {2}(\w+): (\w+);$/gm)) {
    resources.set(prop, [...block(iface).matchAll(/^ {2}(\w+)\(params\??: /gm)].map((m) => m[1]));
  }
  return resources;
}

test('every declared resource and method exists on a Clerk client, one per operation of the IR', () => {
  const resources = declaredResources();
  const ir = JSON.parse(readFileSync(path.join(repo, 'core', 'src', 'generated', 'ir.json'), 'utf8'));
  const declared = [...resources.values()].reduce((n, methods) => n + methods.length, 0);
  assert.equal(declared, ir.operations.length, 'declared methods vs IR operations');
  assert.equal(resources.size, new Set(ir.operations.map((op) => op.js_group)).size, 'declared resources vs IR groups');

  const { Clerk } = createRequire(import.meta.url)(installed);
  const clerk = new Clerk({ secretKey: 'sk_test_types_drift' });
  try {
    const missing = [];
    for (const [prop, methods] of resources) {
      for (const m of methods) {
        if (typeof clerk[prop]?.[m] !== 'function') missing.push(`${prop}.${m}`);
      }
    }
    assert.deepEqual(missing, [], 'declared but not on the client');
  } finally {
    clerk.close?.();
  }
});
