'use strict';
// The napi platform name of this process (`linux-x64-gnu`): the suffix of
// the addon file and of the per-platform package `clerk-backend-<triple>`.

// As napi-rs decides: `ldd` names musl on musl systems; the process report
// (slow: tens of milliseconds) only when that file cannot be read.
function isMusl() {
  try {
    return require('node:fs').readFileSync('/usr/bin/ldd', 'latin1').includes('musl');
  } catch {
    const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
    return !report?.header?.glibcVersionRuntime;
  }
}

module.exports = function platformTriple() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
};
