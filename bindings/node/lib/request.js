'use strict';
// Method, absolute URL and headers (flat: name, value, ...) of a Fetch
// `Request`, a Node `IncomingMessage` (Express, Fastify's `request.raw`,
// Koa's `ctx.req`) or `{ method, url, headers }`. The body is never read here.

const errors = require('./errors');

function isIncomingMessage(r) {
  return Array.isArray(r.rawHeaders) && typeof r.url === 'string';
}

function flatHeaders(headers) {
  const flat = [];
  if (headers == null) return flat;
  if (typeof headers.forEach === 'function' && typeof headers.get === 'function' && !Array.isArray(headers)) {
    // Fetch Headers (and Map-like): values already combined per name.
    headers.forEach((value, name) => flat.push(String(name), String(value)));
    return flat;
  }
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw errors.invalidArgument('request.headers', 'must be an object, a Headers or [name, value] pairs');
      flat.push(String(pair[0]), String(pair[1]));
    }
    return flat;
  }
  if (typeof headers !== 'object') throw errors.invalidArgument('request.headers', 'must be an object, a Headers or [name, value] pairs');
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) flat.push(name, String(v));
    else flat.push(name, String(value));
  }
  return flat;
}

function headerValue(flat, wanted) {
  for (let i = 0; i < flat.length; i += 2) if (flat[i].toLowerCase() === wanted) return flat[i + 1];
  return undefined;
}

/** `[method, url, flatHeaders]` of a request object. */
function requestParts(request) {
  if (request === null || typeof request !== 'object') {
    throw errors.invalidArgument('request', 'must be a Fetch Request, an http.IncomingMessage or { method, url, headers }');
  }
  if (isIncomingMessage(request)) {
    const flat = request.rawHeaders.slice();
    let url = request.originalUrl ?? request.url;
    if (!/^https?:\/\//i.test(url)) {
      const host = headerValue(flat, 'host') ?? 'localhost';
      const scheme = request.socket?.encrypted ? 'https' : 'http';
      url = `${scheme}://${host}${url.startsWith('/') ? '' : '/'}${url}`;
    }
    return [request.method ?? 'GET', url, flat];
  }
  const flat = flatHeaders(request.headers);
  let url = request.url === undefined ? '/' : String(request.url);
  if (!/^https?:\/\//i.test(url)) {
    url = `https://${headerValue(flat, 'host') ?? 'localhost'}${url.startsWith('/') ? '' : '/'}${url}`;
  }
  return [String(request.method ?? 'GET').toUpperCase(), url, flat];
}

/** The raw body of a request for webhook verification, as a Buffer. */
async function rawBody(request) {
  if (request === null || typeof request !== 'object') {
    throw errors.invalidArgument('request', 'must be a Fetch Request, an http.IncomingMessage or { headers, body }');
  }
  const { body } = request;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof request.arrayBuffer === 'function') return Buffer.from(await request.arrayBuffer());
  if (isIncomingMessage(request) && typeof request[Symbol.asyncIterator] === 'function') {
    const chunks = [];
    for await (const chunk of request) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks);
  }
  throw errors.invalidArgument(
    'request.body',
    'the raw body is needed: a string or Buffer (express.raw()), a Fetch Request or an unread IncomingMessage',
  );
}

module.exports = { requestParts, rawBody, flatHeaders };
