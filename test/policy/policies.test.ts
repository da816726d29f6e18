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

// A case's expectMessage is checked: a message without the text fails the case.
describe('expectMessage', () => {
  const check = checks.find((c) => c.id === 'MP-5.1.2')!;
  const manual = check.cases.find((c) => c.expectMessage !== undefined && c.expect === 'manual')!;
  it('passes when the message contains the text and fails when it does not', () => {
    expect(runCase(check, manual).ok).toBe(true);
    const wrong = runCase(check, { ...manual, expectMessage: 'lastLoginBeforeRecord absent' });
    expect(wrong.ok).toBe(false);
    expect(wrong.why).toMatch(/expected the message to contain "lastLoginBeforeRecord absent", got ".*inactivity limit/);
  });
});
