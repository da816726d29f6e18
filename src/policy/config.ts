import { InputError, type InputProblem } from '../core/errors.js';
import { assertValid } from '../core/schema-validator.js';
import { loadStructuredFile } from '../core/structured-file.js';
import type { Check, ParamValue } from '../language/check.js';
import { outOfBounds } from './param-bounds.js';

/** The user's config file: parameter overrides and report settings, without editing policies. */
export interface ScanConfig {
  params?: Record<string, Record<string, ParamValue>>;
  /** An attestation older than this (ISO duration) needs renewing even before its own expiry. */
  maxAttestationAge?: string;
  html?: { maxResourcesPerCheck?: number };
  exceptions?: { maxDuration?: string };
  /** How a site's members export names its columns: column name -> member field. */
  members?: { columns?: Record<string, MemberField> };
}

/** The member fields a members export's column can map to (src/collect/inputs/members-csv.ts). */
export type MemberField = 'email' | 'name' | 'userId' | 'orgRole' | 'status' | 'twoFactor' | 'sso' | 'lastActive' | 'invitedAt' | 'createdAt' | 'projects' | 'teams';

export const DEFAULT_MAX_ATTESTATION_AGE = 'P365D';

export function loadConfig(file: string): { config: ScanConfig; locate: (p: string) => { line: number; column: number } | undefined } {
  const source = loadStructuredFile(file);
  return { config: assertValid<ScanConfig>('config', source), locate: source.locate };
}

/** Every override must name a check and a parameter that check declares, with the same type, within its bounds. */
export function checkConfigAgainstPolicies(file: string, loaded: ReturnType<typeof loadConfig>, checks: Check[]): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const problems: InputProblem[] = [];
  for (const [id, overrides] of Object.entries(loaded.config.params ?? {})) {
    const check = byId.get(id);
    const at = (pointer: string, message: string) => problems.push({ file, ...(loaded.locate(pointer) ?? {}), pointer, message });
    if (!check) {
      at(`/params/${id}`, `no check ${id} in the policy set`);
      continue;
    }
    for (const [name, value] of Object.entries(overrides)) {
      // Own properties only: an override named "constructor" or "toString" is unknown, not Object.prototype's.
      const declared = check.params !== undefined && Object.hasOwn(check.params, name) ? check.params[name] : undefined;
      if (declared === undefined) at(`/params/${id}/${name}`, `check ${id} has no parameter "${name}" (it has: ${Object.keys(check.params ?? {}).join(', ') || 'none'})`);
      else if (Array.isArray(declared) !== Array.isArray(value) || typeof declared !== typeof value) {
        at(`/params/${id}/${name}`, `parameter "${name}" of ${id} takes a ${Array.isArray(declared) ? 'list' : typeof declared}, like ${JSON.stringify(declared)}`);
      } else {
        const why = outOfBounds(value, declared, check.paramBounds?.[name]);
        if (why) at(`/params/${id}/${name}`, `parameter "${name}" of ${id} ${why} (default ${JSON.stringify(declared)})`);
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}
