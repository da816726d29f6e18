import type { CheckResult, ReportResource } from './report.js';

/**
 * What the check expected of a finding. A report states it once on the result (1.2) and a finding
 * only where its own differs; a 1.1 report has it on every finding. Both read the same here.
 */
export function expectedOf(result: Pick<CheckResult, 'expected'>, finding: Pick<ReportResource, 'expected'>): string {
  return finding.expected ?? result.expected ?? '';
}

/**
 * The `expected` most findings share, stated once on the result, and the findings without it.
 * A finding whose expectation differs (one part of an `allOf` rule, an unmet setting) keeps its own.
 */
export function factorExpected<T extends { expected?: string }>(findings: readonly T[]): { expected?: string; findings: T[] } {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.expected !== undefined) counts.set(f.expected, (counts.get(f.expected) ?? 0) + 1);
  let common: string | undefined;
  let best = 0;
  for (const [value, n] of counts) if (n > best) [common, best] = [value, n];
  if (common === undefined) return { findings: [...findings] };
  return {
    expected: common,
    findings: findings.map((f) => {
      if (f.expected !== common) return f;
      const { expected: _dropped, ...rest } = f;
      return rest as T;
    }),
  };
}
