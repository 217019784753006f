'use strict';
// What the tests share: the package under test (the installed tarball when
// scripts/test.sh packed it, else this folder), the repository's paths, and
// small local HTTP servers on 127.0.0.1.

const http = require('node:http');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PACKAGE_DIR = process.env.CLERK_NODE_PACKAGE || path.resolve(__dirname, '..');

function pkg(sub = '') {
  return require(sub ? path.join(PACKAGE_DIR, sub) : PACKAGE_DIR);
}

/** A server on 127.0.0.1 whose handler is `handle(req, res, body)`; records every request. */
async function server(handle) {
  const requests = [];
  const sockets = new Set();
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handle(req, res, body, requests.length);
    });
  });
  srv.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${srv.address().port}`;
  return {
    url,
    requests,
    sockets,
    server: srv,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

function json(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

module.exports = { ROOT, PACKAGE_DIR, pkg, server, json };
