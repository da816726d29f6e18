import { describe, expect, it } from '@jest/globals';
import { loadPolicies } from '../../src/policy/load-policies.js';
import { runCase } from '../../src/policy/run-cases.js';

// Every case of every check file runs here: adding a check adds its cases to the suite.
const checks = loadPolicies();

describe.each(checks.map((c) => [c.id, c] as const))('%s', (_id, check) => {
  it.each(check.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const run = runCase(check, testCase);
    expect(run.why ?? 'ok').toBe('ok');
  });
});
