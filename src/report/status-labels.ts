import type { Status } from '../language/check.js';

export const STATUS_LABELS: Record<Status, string> = {
  pass: 'pass',
  fail: 'fail',
  manual: 'manual',
  not_applicable: 'not applicable',
  error: 'error',
  excepted: 'excepted',
};

/** Display order: what needs attention first. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'manual', 'excepted', 'pass', 'not_applicable'];
