#!/usr/bin/env node
// Node benchmark: clerk-backend (this repository's addon, release build) vs the
// official @clerk/backend 3.x, against the local mock of scripts/bench-python.py.
// Driven by scripts/bench-node.sh, which installs the official SDK, builds ours,
// starts the mock and runs:
//   bench-node.mjs token OUTFILE             RSA-2048 key (PEM) + session JWT signed with it
//   bench-node.mjs startup SDK               require + client in a fresh process: CPU, peak RSS (SDK = bare | official | ours)
//   bench-node.mjs measure SDK URL TOKENFILE one side's numbers as JSON (SDK = baseline | official | ours)
//   bench-node.mjs report FILE...            the markdown table for docs/BENCHMARKS.md
//
// CPU is process CPU (`process.cpuUsage()`: every thread, so the core's runtime
// threads, libuv's pool and V8's GC threads count too) per operation, the
// median of 5 samples after a warm-up. Everything but node builtins is loaded
// lazily, so `startup` measures what the SDK adds to a bare process.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OURS_DIR = process.env.CLERK_NODE_DIR || path.join(ROOT, 'bindings', 'node');
const OFFICIAL_DIR = process.env.CLERK_OFFICIAL_DIR || path.join(ROOT, 'bindings', 'node', 'bench', 'official');
const SECRET = 'sk_test_' + 'b'.repeat(40);
// clerk.example.com: the auth spec asks for a publishable key; the official SDK checks its shape.
const PUBLISHABLE = 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k';
const PARTY = 'https://app.example.com';
const SAMPLES = 5;

const requireFrom = (dir) => createRequire(path.join(dir, 'package.json'));
const requireHere = createRequire(import.meta.url);
const loadOfficial = () => requireFrom(OFFICIAL_DIR)('@clerk/backend');
const loadOurs = () => requireFrom(OURS_DIR)(OURS_DIR);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const cpuSeconds = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Median over SAMPLES of process CPU seconds per call of `fn` (awaited one after the other). */
async function cpuPerOp(fn, n) {
  for (let i = 0; i < Math.max(2, n / 10); i++) await fn();
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    samples.push(cpuSeconds(t) / n);
  }
  return median(samples);
}

/** CPU seconds the mock server (MOCK_PID, set by bench-node.sh) has used so far; NaN without it. */
function mockCpuSeconds() {
  const pid = process.env.MOCK_PID;
  if (!pid) return NaN;
  // utime and stime, fields 14 and 15, after the parenthesised command name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Median over SAMPLES of calls per wall-clock second, 3 rounds of 32
 * concurrent calls each; also the CPU per call of this process and of the
 * mock over all samples, which bound the throughput on a small machine.
 */
async function concurrentThroughput(fn, check) {
  await Promise.all(Array.from({ length: 32 }, fn));
  const samples = [];
  const cpu = process.cpuUsage();
  const mock = mockCpuSeconds();
  for (let s = 0; s < SAMPLES; s++) {
    const t = performance.now();
    for (let r = 0; r < 3; r++) {
      const results = await Promise.all(Array.from({ length: 32 }, fn));
      results.forEach(check);
    }
    samples.push(96 / ((performance.now() - t) / 1000));
  }
  const calls = SAMPLES * 96;
  return { rate: median(samples), client_cpu_s: cpuSeconds(cpu) / calls, mock_cpu_s: (mockCpuSeconds() - mock) / calls };
}

/** Records a concurrentThroughput result under `key` (calls/s) and its two CPU figures. */
function putConcurrent(res, key, c) {
  res[key] = c.rate;
  res[`${key}: client CPU per call`] = c.client_cpu_s;
  res[`${key}: mock CPU per call`] = c.mock_cpu_s;
}

function must(ok, what) {
  if (!ok) throw new Error(`benchmark precondition failed: ${what}`);
}

// --------------------------------------------------------------------------- token

function makeToken(out) {
  const crypto = requireHere('node:crypto');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    azp: PARTY, exp: now + 86400, iat: now - 5, nbf: now - 10, iss: 'https://clerk.example.com',
    sid: 'sess_2TestSessionAAAAAAAAAAAAAAA', sub: 'user_2TestUserAAAAAAAAAAAAAAAAAA', v: 2, fva: [3, -1],
  };
  const signed = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'ins_bench' })}.${b64(claims)}`;
  const sig = crypto.sign('sha256', Buffer.from(signed), privateKey).toString('base64url');
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  writeFileSync(out, JSON.stringify({ pem, token: `${signed}.${sig}` }));
}

// --------------------------------------------------------------------------- startup

function startup(sdk) {
  const t = process.cpuUsage();
  if (sdk === 'official') loadOfficial().createClerkClient({ secretKey: SECRET });
  else if (sdk === 'ours') new (loadOurs().Clerk)({ secretKey: SECRET });
  else if (sdk !== 'bare') throw new Error(`unknown SDK ${sdk}`);
  const sdkCpu = cpuSeconds(t);
  // Whole-process CPU (node's own start included) and peak RSS, as `time` would report them.
  const total = process.cpuUsage();
  return { cpu_s: (total.user + total.system) / 1e6, sdk_cpu_s: sdkCpu, peak_rss_mib: process.resourceUsage().maxRSS / 1024 };
}

// --------------------------------------------------------------------------- measurements

function authRequest(tok) {
  return new Request(`${PARTY}/api`, { headers: { authorization: `Bearer ${tok.token}`, host: 'app.example.com' } });
}

/** What neither SDK can beat: node:crypto's verify and a plain fetch + JSON.parse. */
async function measureBaseline(url, tok) {
  const crypto = requireHere('node:crypto');
  const key = crypto.createPublicKey(tok.pem);
  const [head, body, sig] = tok.token.split('.');
  const data = Buffer.from(`${head}.${body}`);
  const signature = Buffer.from(sig, 'base64url');
  must(crypto.verify('sha256', data, key, signature), 'node:crypto verifies the token');
  const res = { sdk: 'baseline' };
  res['node:crypto RSA-2048 verify'] = await cpuPerOp(() => crypto.verify('sha256', data, key, signature), 4000);
  const headers = { authorization: `Bearer ${SECRET}` };
  const list = async () => JSON.parse(await (await fetch(`${url}/users?limit=100`, { headers })).text());
  must((await list()).length === 100, 'fetch gets the 100-user page');
  res['fetch + JSON.parse, same page'] = await cpuPerOp(list, 40);
  // What every JS SDK pays for the page however it fetches it, and what the
  // mock serves at most to 32 concurrent single requests.
  const text = await (await fetch(`${url}/users?limit=100`, { headers })).text();
  res['JSON.parse of the page'] = await cpuPerOp(() => JSON.parse(text), 200);
  res['page bytes'] = Buffer.byteLength(text);
  putConcurrent(res, '32 concurrent fetch + JSON.parse', await concurrentThroughput(list, (r) => must(r.length === 100, 'a concurrent page has 100 users')));
  return res;
}

async function measureOfficial(url, tok) {
  const { createClerkClient, verifyToken } = loadOfficial();
  // The official SDK appends its own `/v1`.
  const clerk = createClerkClient({ secretKey: SECRET, publishableKey: PUBLISHABLE, apiUrl: url.replace(/\/v1$/, '') });
  const res = { sdk: 'official', version: requireFrom(OFFICIAL_DIR)('@clerk/backend/package.json').version };

  const list = () => clerk.users.getUserList({ limit: 100 });
  must((await list()).data.length === 100, 'getUserList returns 100 users');
  res['users.list'] = await cpuPerOp(list, 40);
  res['users.get'] = await cpuPerOp(() => clerk.users.getUser('user_1'), 300);
  res['users.create'] = await cpuPerOp(() => clerk.users.createUser({ emailAddress: ['a@example.com'], firstName: 'Ada', password: 'correct horse battery' }), 300);

  const vopts = { jwtKey: tok.pem, authorizedParties: [PARTY] };
  // The package's `verifyToken` returns the claims and throws on failure.
  const v = await verifyToken(tok.token, vopts);
  must(v.sub?.startsWith('user_'), `official verifyToken: ${JSON.stringify(v)}`);
  res.verifyToken = await cpuPerOp(() => verifyToken(tok.token, vopts), 2000);
  const req = authRequest(tok);
  const state = await clerk.authenticateRequest(req, vopts);
  must(state.isAuthenticated ?? state.isSignedIn, `official authenticateRequest: ${state.reason} ${state.message}`);
  res.authenticateRequest = await cpuPerOp(() => clerk.authenticateRequest(req, vopts), 2000);

  putConcurrent(res, '32 concurrent lists', await concurrentThroughput(list, (r) => must(r.data.length === 100, 'a concurrent page has 100 users')));
  return res;
}

async function measureOurs(url, tok) {
  const { Clerk, verifyToken } = loadOurs();
  const clerk = new Clerk({ secretKey: SECRET, serverUrl: url });
  const res = { sdk: 'ours', version: requireFrom(OURS_DIR)('./package.json').version };

  const list = () => clerk.users.list({ limit: 100 });
  must((await list()).length === 100, 'users.list returns 100 users');
  res['users.list'] = await cpuPerOp(list, 40);
  res['users.get'] = await cpuPerOp(() => clerk.users.get({ user_id: 'user_1' }), 300);
  res['users.create'] = await cpuPerOp(() => clerk.users.create({ email_address: ['a@example.com'], first_name: 'Ada', password: 'correct horse battery' }), 300);

  const vopts = { jwtKey: tok.pem, authorizedParties: [PARTY] };
  const claims = await verifyToken(tok.token, vopts);
  must((claims.sub ?? claims.data?.sub)?.startsWith('user_'), `verifyToken: ${JSON.stringify(claims)}`);
  res.verifyToken = await cpuPerOp(() => verifyToken(tok.token, vopts), 2000);
  const aopts = { ...vopts, publishableKey: PUBLISHABLE };
  const req = authRequest(tok);
  const state = await clerk.authenticateRequest(req, aopts);
  must(state.isAuthenticated ?? state.isSignedIn, `authenticateRequest: ${state.reason} ${state.message}`);
  res.authenticateRequest = await cpuPerOp(() => clerk.authenticateRequest(req, aopts), 2000);
  // The same request as a plain object (what a framework adapter can hand over without a Fetch Request).
  const plain = { method: 'GET', url: `${PARTY}/api`, headers: Object.fromEntries(req.headers) };
  must((await clerk.authenticateRequest(plain, aopts)).isSignedIn, 'authenticateRequest of a plain object');
  res['authenticateRequest, plain object'] = await cpuPerOp(() => clerk.authenticateRequest(plain, aopts), 2000);

  putConcurrent(res, '32 concurrent lists', await concurrentThroughput(list, (r) => must(r.length === 100, 'a concurrent page has 100 users')));
  clerk.close?.();
  return res;
}

// --------------------------------------------------------------------------- report

function report(files) {
  const rows = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const meta = rows.find((r) => r.sdk === 'meta');
  const med = (sdk, k) => {
    const vals = rows.filter((r) => r.sdk === sdk && Number.isFinite(r[k])).map((r) => r[k]);
    return vals.length ? median(vals) : NaN;
  };
  const has = (sdk) => rows.some((r) => r.sdk === sdk);
  const ms = (s, d = 2) => (Number.isNaN(s) ? '—' : `${(s * 1e3).toFixed(d)} ms`);
  const us = (s, d = 0) => (Number.isNaN(s) ? '—' : `${(s * 1e6).toFixed(d)} µs`);
  const x = (v, d = 2) => (Number.isFinite(v) ? `${v.toFixed(d)}×` : '—');
  const met = (ok) => (has('ours') ? (ok ? 'yes' : '**no**') : '—');
  const openssl = meta.openssl_verify_us / 1e6;
  const nodeVerify = med('baseline', 'node:crypto RSA-2048 verify');
  const out = [
    `@clerk/backend ${rows.find((r) => r.sdk === 'official')?.version ?? '?'}, clerk-backend ${rows.find((r) => r.sdk === 'ours')?.version ?? '(not measured)'}; ` +
      `OpenSSL RSA-2048 verify ${us(openssl, 1)} (\`openssl speed\`), node:crypto verify ${us(nodeVerify, 1)}.`,
    '',
    '| measure | @clerk/backend | clerk-backend (ours) | ours vs target | target | met |',
    '|---|---|---|---|---|---|',
  ];
  const st = meta.startup;
  const cpuOver = (st.ours?.cpu_s ?? NaN) - st.bare.cpu_s;
  const rssOver = (st.ours?.peak_rss_mib ?? NaN) - st.bare.peak_rss_mib;
  out.push(`| \`require\` + \`new Clerk()\`, process CPU (bare \`node\`: ${ms(st.bare.cpu_s, 0)}) | ${ms(st.official.cpu_s, 0)} | ${ms(st.ours?.cpu_s ?? NaN, 0)} | bare + ${ms(cpuOver, 1)} | ≤ bare + 30 ms | ${met(cpuOver <= 0.03)} |`);
  const own = (sdk) => st[sdk]?.sdk_cpu_s ?? NaN;
  out.push(`| \`require\` + \`new Clerk()\` alone, CPU in the process (between the two statements) | ${ms(own('official'), 1)} | ${ms(own('ours'), 1)} | bare + ${ms(own('ours'), 1)} | ≤ bare + 30 ms | ${met(own('ours') <= 0.03)} |`);
  out.push(`| \`require\` + \`new Clerk()\`, peak RSS (bare \`node\`: ${st.bare.peak_rss_mib.toFixed(1)} MiB) | ${st.official.peak_rss_mib.toFixed(1)} MiB | ${st.ours ? st.ours.peak_rss_mib.toFixed(1) + ' MiB' : '—'} | bare + ${Number.isNaN(rssOver) ? '—' : rssOver.toFixed(1) + ' MiB'} | ≤ bare + 15 MiB | ${met(rssOver <= 15)} |`);
  for (const [k, label, limit] of [['verifyToken', '`verifyToken` (PEM key)', 1.3], ['authenticateRequest', '`authenticateRequest` (PEM key, Fetch `Request`)', 1.6]]) {
    const o = med('official', k);
    const u = med('ours', k);
    out.push(`| ${label}, CPU per call | ${us(o)} (${x(o / openssl, 1)} OpenSSL) | ${us(u, 1)} | ${x(u / openssl)} OpenSSL | ≤ ${limit}× OpenSSL | ${met(u / openssl <= limit)} |`);
  }
  if (has('ours')) {
    const u = med('ours', 'authenticateRequest, plain object');
    out.push(`| \`authenticateRequest\`, \`{ method, url, headers }\`, CPU per call | | ${us(u, 1)} | ${x(u / openssl)} OpenSSL | (information) | |`);
  }
  const fetchParse = med('baseline', 'fetch + JSON.parse, same page');
  for (const [k, label, limit] of [['users.list', '`users.list({ limit: 100 })`', 0.4], ['users.get', '`users.get`', 0.5], ['users.create', '`users.create`', 0.5]]) {
    const o = med('official', k);
    const u = med('ours', k);
    const two = k === 'users.list' ? ' (two requests: page + count)' : '';
    out.push(`| ${label}, CPU per call | ${ms(o)}${two} | ${ms(u, 3)} | ${x(u / o)} official | ≤ ${limit}× | ${met(u / o <= limit)} |`);
  }
  const ul = med('ours', 'users.list');
  out.push(`| plain \`fetch\` + \`JSON.parse\`, same page, CPU per call | ${ms(fetchParse)} | (ours: ${ms(ul, 3)}) | ${x(ul / fetchParse)} fetch | < 1× | ${met(ul < fetchParse)} |`);
  const kb = (med('baseline', 'page bytes') / 1024).toFixed(0);
  out.push(`| \`JSON.parse\` alone of the page (${kb} KB), CPU per call | ${ms(med('baseline', 'JSON.parse of the page'), 3)} | | | (bound) | |`);
  const K = '32 concurrent lists';
  const F = '32 concurrent fetch + JSON.parse';
  const rate = (sdk, k) => (has(sdk) ? `${med(sdk, k).toFixed(0)}/s` : '—');
  const split = (sdk, k) => (has(sdk) ? ` (CPU per call: ${ms(med(sdk, `${k}: client CPU per call`))} + mock ${ms(med(sdk, `${k}: mock CPU per call`))})` : '');
  const o = med('official', K);
  const u = med('ours', K);
  out.push(`| 32 concurrent lists (limit 100), calls/s (wall) | ${rate('official', K)}${split('official', K)} | ${rate('ours', K)}${split('ours', K)} | ${x(u / o, 1)} official | ≥ 2× | ${met(u / o >= 2)} |`);
  out.push(`| 32 concurrent plain \`fetch\` + \`JSON.parse\` (one request each), calls/s (wall) | ${rate('baseline', F)}${split('baseline', F)} | | | (information) | |`);
  return out.join('\n');
}

// --------------------------------------------------------------------------- main

const [cmd, ...args] = process.argv.slice(2);
const readToken = (f) => JSON.parse(readFileSync(f, 'utf8'));
const measures = { baseline: measureBaseline, official: measureOfficial, ours: measureOurs };
if (cmd === 'token') {
  makeToken(args[0]);
} else if (cmd === 'startup') {
  console.log(JSON.stringify(startup(args[0])));
  process.exit(0);
} else if (cmd === 'measure' && measures[args[0]]) {
  console.log(JSON.stringify(await measures[args[0]](args[1], readToken(args[2]))));
  process.exit(0);
} else if (cmd === 'report') {
  console.log(report(args));
} else {
  console.error(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 10).join('\n'));
  process.exit(2);
}
