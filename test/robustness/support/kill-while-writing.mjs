// Preloaded into the built CLI (node --import) to kill the process with SIGKILL at a chosen moment
// of writing its reports, so that a test can check what a crash at that moment leaves behind:
//   MPH_KILL_AT=write:N   halfway through the Nth write to a temporary (*.tmp) file: half of the
//                         bytes reach the file, then the process dies
//   MPH_KILL_AT=rename:N  right after the Nth temporary file is renamed into place
// SIGKILL cannot be caught: nothing of the tool runs after it, as with an external kill.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [phase, nth] = (process.env.MPH_KILL_AT ?? '').split(':');
const target = Number(nth);
if (!['write', 'rename'].includes(phase) || !Number.isInteger(target) || target < 1) throw new Error(`MPH_KILL_AT: expected write:N or rename:N, got ${process.env.MPH_KILL_AT}`);

const die = () => process.kill(process.pid, 'SIGKILL');
const { openSync, writeSync, renameSync } = fs;
const temporary = new Set();
let writes = 0;
let renames = 0;

fs.openSync = function open(path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  if (String(path).endsWith('.tmp')) temporary.add(fd);
  return fd;
};

fs.writeSync = function write(fd, data, ...rest) {
  if (phase === 'write' && temporary.has(fd) && ++writes === target) {
    // writeSync(fd, string, position, encoding) or writeSync(fd, buffer, offset, length, position)
    const bytes = typeof data === 'string' ? Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8') : data;
    const offset = typeof data === 'string' ? 0 : (rest[0] ?? 0);
    const length = typeof data === 'string' ? bytes.length : (rest[1] ?? bytes.length - offset);
    writeSync.call(this, fd, bytes, offset, Math.floor(length / 2));
    die();
  }
  return writeSync.call(this, fd, data, ...rest);
};

fs.renameSync = function rename(from, to) {
  renameSync.call(this, from, to);
  if (phase === 'rename' && String(from).endsWith('.tmp') && ++renames === target) die();
};

syncBuiltinESMExports();
