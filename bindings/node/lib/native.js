'use strict';
// Loads the addon: the file next to the package when built here
// (scripts/build.sh), else the platform package napi-style
// (`clerk-backend-linux-x64-gnu`, an optionalDependency of `clerk-backend`).

const { join } = require('node:path');
const { existsSync } = require('node:fs');
const platformTriple = require('./native-triple');

function load() {
  const triple = platformTriple();
  const local = join(__dirname, '..', `clerk-backend.${triple}.node`);
  if (existsSync(local)) return require(local);
  try {
    return require(`clerk-backend-${triple}`);
  } catch (e) {
    const err = new Error(
      `clerk-backend: no native addon for ${triple}: neither ${local} nor the package clerk-backend-${triple} ` +
        `(an optional dependency of clerk-backend) could be loaded: ${e.message}`,
    );
    err.cause = e;
    throw err;
  }
}

module.exports = load();
