/**
 * Which attestation sections would decide the checks still waiting for a person. From a scan's
 * report: every `manual` result whose unmet needs include a section of the attestations file. Without
 * a report (the plan's view): every check whose needs include a section the file does not hold fresh.
 * A manual check no section can decide (it needs an export, a token, a field nobody gave) is listed
 * apart, with the scan's own words on what would decide it.
 */
import type { Check } from '../language/check.js';
import { checkNeeds, type Need } from '../plan/check-needs.js';
import type { CheckResult } from '../report/report.js';
import type { ExistingSection } from './existing-sections.js';

export interface TargetCheck {
  id: string;
  title: string;
  /** The check's result in the report, when one was read. */
  result?: CheckResult;
}

export interface SectionTarget {
  section: string;
  checks: TargetCheck[];
  /** The file holds the section, but it can no longer be relied on: why. */
  renew?: string;
}

export interface Unattestable {
  id: string;
  title: string;
  /** What the scan said would decide it. */
  message: string;
}

export interface Targets {
  sections: SectionTarget[];
  /** Sections the file holds fresh although the report found them missing (a scan without this file). */
  alreadyAttested: string[];
  unattestable: Unattestable[];
}

/** Sections that could meet a need. */
function attestableSections(need: Need): string[] {
  return [...new Set(need.options.filter((o) => o.input === 'attestation' && o.section !== undefined).map((o) => o.section!))];
}

/** Whether the report shows the need met: one of its slices (or its attested fields) was usable. */
function metInReport(need: Need, result: CheckResult): boolean {
  return need.options.some((o) => result.provenance.some((use) => {
    if (use.slice !== o.slice || use.status !== 'ok') return false;
    if (!need.fields) return true;
    const attested = new Set((use.attestations ?? []).flatMap((a) => a.fields));
    return need.fields.every((f) => attested.has(f));
  }));
}

export function findTargets(
  checks: readonly Check[],
  results: readonly CheckResult[] | undefined,
  existing: ReadonlyMap<string, ExistingSection>,
): Targets {
  const bySection = new Map<string, TargetCheck[]>();
  const unattestable: Unattestable[] = [];
  const already = new Set<string>();
  const byId = new Map(results?.map((r) => [r.id, r]));
  for (const check of checks) {
    const result = byId.get(check.id);
    if (results && result?.status !== 'manual') continue;
    const wanted: string[] = [];
    for (const need of checkNeeds(check)) {
      const sections = attestableSections(need);
      if (sections.length === 0) continue;
      // From a report, a need the scan met needs nothing; from the plan, a fresh section meets it.
      if (result && metInReport(need, result)) continue;
      const fresh = sections.filter((s) => existing.has(s) && existing.get(s)!.problem === undefined);
      if (fresh.length > 0) {
        if (result) for (const s of fresh) already.add(s);
        continue;
      }
      wanted.push(...sections);
    }
    if (wanted.length === 0) {
      if (result) unattestable.push({ id: check.id, title: check.title, message: result.message });
      continue;
    }
    for (const s of new Set(wanted)) {
      const list = bySection.get(s) ?? [];
      list.push({ id: check.id, title: check.title, ...(result ? { result } : {}) });
      bySection.set(s, list);
    }
  }
  const sections = [...bySection].map(([section, list]) => {
    const renew = existing.get(section)?.problem;
    return { section, checks: list, ...(renew === undefined ? {} : { renew }) };
  });
  return { sections, alreadyAttested: [...already].sort(), unattestable };
}
