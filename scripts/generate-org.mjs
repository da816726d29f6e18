#!/usr/bin/env node
/**
 * Writes a synthetic organization state (see src/bench/generate-org.ts) to a file, in the format
 * `collect` writes snapshots (serializeState), ready for `scan --state FILE --now <the same now>`.
 *
 *   node scripts/generate-org.mjs --members 10000 [--seed 20260601] [--violation-rate 0.02]
 *                                 [--now 2026-06-01T00:00:00Z] [--out state.json] [--profile bench|finding-heavy]
 *
 * Runs the compiled generator: `npm run build` first (npm run bench does).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_NOW, DEFAULT_SEED, DEFAULT_VIOLATION_RATE, generateOrg, orgShape, PROFILES } from '../dist/src/bench/generate-org.js';
import { serializeState } from '../dist/src/state/load-state.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'violation-rate': { type: 'string', default: String(DEFAULT_VIOLATION_RATE) },
    now: { type: 'string', default: DEFAULT_NOW },
    out: { type: 'string' },
    profile: { type: 'string', default: 'bench' },
  },
});

const opts = {
  members: Number(values.members),
  seed: Number(values.seed),
  violationRate: Number(values['violation-rate']),
  now: values.now,
  profile: values.profile,
};
if (!PROFILES.includes(opts.profile)) throw new Error(`--profile must be one of ${PROFILES.join(', ')}`);
if (!Number.isInteger(opts.members) || opts.members < 10) throw new Error('--members must be an integer >= 10');
const text = serializeState(generateOrg(opts));
if (values.out) {
  writeFileSync(values.out, text);
  const shape = orgShape(opts);
  process.stderr.write(`${values.out}: ${(text.length / 1e6).toFixed(1)} MB, ${shape.members} members, ${shape.projects} projects, ${shape.serviceAccounts} service accounts, ${shape.teams} teams, ${shape.auditEvents} audit events\n`);
} else {
  process.stdout.write(text);
}
