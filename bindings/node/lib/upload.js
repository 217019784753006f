'use strict';
// Multipart file values: Buffer, Uint8Array, Blob/File, `{ path }` (streamed
// from disk by the core) or `{ data }`, with `fileName` / `contentType`.

const errors = require('./errors');

const SHAPE = 'must be a Buffer, a Uint8Array, a Blob/File, { path } or { data }';

async function bytes(value, field) {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof Blob !== 'undefined' && value instanceof Blob) return Buffer.from(await value.arrayBuffer());
  throw errors.invalidArgument(field, SHAPE);
}

/** One FileArg for the addon. `extra` are the `fileName` / `contentType` given beside the file. */
async function fileArg(field, value, extra) {
  let fileName = extra.fileName;
  let contentType = extra.contentType;
  let source = value;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(typeof Blob !== 'undefined' && value instanceof Blob)) {
    ({ fileName = fileName, contentType = contentType } = value);
    if (typeof value.path === 'string') {
      return { field, path: value.path, fileName, contentType };
    }
    if (!('data' in value)) throw errors.invalidArgument(field, SHAPE);
    source = value.data;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    fileName ??= typeof source.name === 'string' && source.name ? source.name : undefined;
    contentType ??= source.type || undefined;
  }
  for (const [k, v] of [['fileName', fileName], ['contentType', contentType]]) {
    if (v !== undefined && typeof v !== 'string') throw errors.invalidArgument(`${field}.${k}`, 'must be a string');
  }
  return { field, data: await bytes(source, field), fileName, contentType };
}

/** The params without their file fields, and the FileArgs (null when none). */
async function splitFiles(params, fields) {
  const rest = { ...params };
  const extra = { fileName: rest.fileName, contentType: rest.contentType };
  delete rest.fileName;
  delete rest.contentType;
  const files = [];
  for (const field of fields) {
    if (rest[field] === undefined || rest[field] === null) continue;
    files.push(await fileArg(field, rest[field], extra));
    delete rest[field];
  }
  return { params: rest, files: files.length ? files : null };
}

module.exports = { splitFiles };
