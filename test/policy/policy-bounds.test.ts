import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { checkConfigAgainstPolicies, loadConfig } from '../../src/policy/config.js';
import { boundsDeclarationProblem, outOfBounds } from '../../src/policy/param-bounds.js';
import { loadPolicies } from '../../src/policy/load-policies.js';

const checks = loadPolicies();
const dir = mkdtempSync(join(tmpdir(), 'mph-bounds-'));

function configProblems(yaml: string): string[] {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  try {
    checkConfigAgainstPolicies(file, loadConfig(file), checks);
    return [];
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  }
}

describe('parameter bounds', () => {
  it('refuses a negative owner minimum, located in the file', () => {
    expect(configProblems('params:\n  MP-2.3.2:\n    minOwners: -5\n')).toEqual(['3:16 parameter "minOwners" of MP-2.3.2 must be >= 1 (default 2)']);
  });

  it('accepts overrides within the bounds, at both ends', () => {
    expect(configProblems('params:\n  MP-2.3.2:\n    minOwners: 1\n  MP-2.3.1:\n    maxOwners: 100\n  MP-3.1.4:\n    maxUnused: P730D\n    neverUsedGrace: P1D\n')).toEqual([]);
  });

  it('refuses a duration that is too long, zero, or not a duration', () => {
    expect(configProblems('params:\n  MP-3.1.4:\n    maxUnused: P99999Y\n')).toEqual(['3:16 parameter "maxUnused" of MP-3.1.4 must be at most P730D (default "P90D")']);
    expect(configProblems('params:\n  MP-3.1.4:\n    maxUnused: PT0S\n')[0]).toContain('must be at least P1D');
    expect(configProblems('params:\n  MP-5.1.1:\n    maxInactivity: ninety days\n')[0]).toContain('must be an ISO 8601 duration');
  });

  it('refuses a share above 1 and an empty or oversized list', () => {
    expect(configProblems('params:\n  MP-2.1.2:\n    maxDirectGrantShare: 1.5\n')[0]).toContain('must be <= 1');
    expect(configProblems('params:\n  MP-5.2.2:\n    collaboratorTypes: []\n')[0]).toContain('at least 1 item');
    expect(configProblems('params:\n  MP-5.2.2:\n    collaboratorTypes: [a, b, c, d, e]\n')[0]).toContain('at most 4 items');
  });

  it('every parameter of every check declares bounds of its kind, and its default lies within them', () => {
    for (const check of checks) {
      for (const [name, value] of Object.entries(check.params ?? {})) {
        const bounds = check.paramBounds?.[name];
        expect([check.id, name, boundsDeclarationProblem(value, bounds) ?? 'ok', outOfBounds(value, value, bounds) ?? 'ok']).toEqual([check.id, name, 'ok', 'ok']);
      }
    }
  });

  it('a declaration without both ends, or with the wrong kind, is a problem', () => {
    expect(boundsDeclarationProblem(3, { min: 1 })).toContain('needs bounds');
    expect(boundsDeclarationProblem('P90D', { min: 1, max: 2 })).toContain('needs bounds');
    expect(boundsDeclarationProblem('P90D', { minDuration: 'P10D', maxDuration: 'P1D' })).toContain('above');
    expect(boundsDeclarationProblem(['a'], { minItems: 1, maxItems: 3 })).toBeUndefined();
    // Calendar units compare by length: a year is more than 360 days, a month less than 32.
    expect(outOfBounds('P1Y', 'P90D', { minDuration: 'P1D', maxDuration: 'P360D' })).toContain('at most');
    expect(outOfBounds('P1M', 'P90D', { minDuration: 'P1D', maxDuration: 'P32D' })).toBeUndefined();
  });
});
