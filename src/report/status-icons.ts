import type { Status } from '../language/check.js';

/**
 * A shape per status, shown beside its word, so that the matrices keep their meaning without colour
 * (a greyscale print, colour blindness). Each is a plain text character the report's fonts have.
 */
export const STATUS_ICONS: Record<Status, string> = {
  pass: '✓',
  fail: '✗',
  manual: '?',
  error: '!',
  not_applicable: '–',
  excepted: '≈',
};
