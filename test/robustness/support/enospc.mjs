// Preloaded into the built CLI (node --import) to simulate a full disk during the evidence step:
// the bundle's manifest, its last file, cannot be written. Everything else writes as usual.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const original = fs.writeFileSync;
fs.writeFileSync = function writeFileSync(path, ...rest) {
  if (typeof path === 'string' && /[\\/]\.evidence\.tmp-[^\\/]+[\\/]manifest\.json$/.test(path)) {
    const err = new Error(`ENOSPC: no space left on device, write '${path}'`);
    err.code = 'ENOSPC';
    throw err;
  }
  return original.call(this, path, ...rest);
};
syncBuiltinESMExports();
