import type { Options } from 'yargs';
import { UsageError } from '../core/errors.js';
import { toInstant } from '../core/duration.js';
import { checkConfigAgainstPolicies, DEFAULT_MAX_ATTESTATION_AGE, loadConfig, type ScanConfig } from '../policy/config.js';
import { LEVELS, type Check, type Level } from '../language/check.js';
import { DEFAULT_POLICY_DIR, selectByLevel } from '../policy/load-policies.js';
import { loadPolicyPack } from '../policy/policy-pack.js';
import { resolve } from 'node:path';
import { anyCase } from './any-case.js';

export const policyOptions = {
  level: { type: 'string', ...anyCase(LEVELS), default: 'L3', describe: 'Checks up to this level (L1 < L2 < L3; cumulative)' },
  policies: { type: 'string', describe: 'Folder of check files (default: the bundled policy pack)' },
  config: { type: 'string', describe: 'Config file (YAML/JSON): parameter overrides, attestation age, report settings' },
} satisfies Record<string, Options>;

export interface PolicyArgs {
  level: string;
  policies?: string;
  config?: string;
}

export interface PolicySelection {
  checks: Check[];
  level: Level;
  config: ScanConfig;
  maxAttestationAge: string;
}

/** Loads the policy pack and config, validating both (exit 2 with file:line:col on problems). */
export function selectPolicies(args: PolicyArgs, cwd: string): PolicySelection {
  const level = args.level as Level;
  // The precompiled pack when the folder is the one it was built from, else the loader (policy-pack.ts).
  const all = loadPolicyPack(args.policies ? resolve(cwd, args.policies) : DEFAULT_POLICY_DIR).checks;
  let config: ScanConfig = {};
  if (args.config) {
    const file = resolve(cwd, args.config);
    const loaded = loadConfig(file);
    checkConfigAgainstPolicies(args.config, loaded, all);
    config = loaded.config;
  }
  return { checks: selectByLevel(all, level), level, config, maxAttestationAge: config.maxAttestationAge ?? DEFAULT_MAX_ATTESTATION_AGE };
}

/** `--now` fixes the clock for reproducible reports; otherwise the wall clock at the edge. */
export function scanTime(now: string | undefined, wallClock: () => number): number {
  if (now === undefined) return wallClock();
  const at = toInstant(now);
  if (at === undefined || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(now)) throw new UsageError(`--now must be an ISO 8601 date-time with a time zone, like 2026-06-01T00:00:00Z (got "${now}")`);
  return at;
}
