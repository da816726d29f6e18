/**
 * What a check needs before it can be decided, and which inputs can supply each need: every slice it
 * `requires` (one of the slices, for `anyOf`), and the attested fields its rule reads (project
 * labels). Static: a function of the policy alone.
 */
import type { Check } from '../language/check.js';
import { readsOf, referencesField } from '../report/rule-reads.js';
import type { SliceName } from '../state/org-state.js';
import { FIELD_SOURCES, sliceSources, type SourceOption } from './sources.js';

export interface NeedOption extends SourceOption {
  slice: SliceName;
}

export interface Need {
  /** For people: `members`, `twoFactor or sso`, `projects labels (environment)`. */
  what: string;
  /** Any one option meets the need. */
  options: NeedOption[];
  /** The attested fields, for a field need. */
  fields?: string[];
}

export function checkNeeds(check: Check): Need[] {
  const needs: Need[] = check.requires.map((req) => {
    // An optional slice does not block the check, but the verdict that depends on it needs it.
    const slices = typeof req === 'string' ? [req] : 'anyOf' in req ? req.anyOf : [req.optional];
    const what = typeof req !== 'string' && 'optional' in req ? `${req.optional} (optional: read where supplied, to decide more or to find more failures)` : slices.join(' or ');
    return { what, options: slices.flatMap((slice) => sliceSources(slice).map((o) => ({ ...o, slice }))) };
  });
  const reads = readsOf(check.rule);
  for (const fs of FIELD_SOURCES) {
    const fields = fs.fields.filter((f) => referencesField(reads, fs.slice, f));
    if (fields.length > 0) needs.push({ what: `${fs.slice} labels (${fields.join(', ')})`, options: fs.sources.map((o) => ({ ...o, slice: fs.slice })), fields });
  }
  return needs;
}
