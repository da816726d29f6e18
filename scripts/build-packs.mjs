#!/usr/bin/env node
/**
 * The second half of `npm run build` (after tsc): saves what loading the bundled policy folder
 * produces as dist/src/policy/policy-pack.json (src/policy/policy-pack.ts), so that every build, and
 * so every package, carries a pack made from its own policies/checks.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildPolicyPack, POLICY_PACK_FILE } from '../dist/src/policy/policy-pack.js';

const pack = buildPolicyPack();
mkdirSync(dirname(POLICY_PACK_FILE), { recursive: true });
writeFileSync(`${POLICY_PACK_FILE}.tmp`, JSON.stringify(pack));
renameSync(`${POLICY_PACK_FILE}.tmp`, POLICY_PACK_FILE);
process.stderr.write(`policy pack: ${pack.checks.length} checks, digest ${pack.digest.slice(0, 12)}\n`);
