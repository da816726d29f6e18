/**
 * The preflight as a document (`plan --json`) and as text for a terminal. Organization data and file
 * names go through `terminalText` (src/core/text-safety.ts) before a terminal sees them.
 */
import type { Level } from '../language/check.js';
import { BASIS_LABELS } from '../report/basis-text.js';
import type { Organization } from '../state/org-state.js';
import type { PlannedCheck, PlanSummary } from './build-plan.js';
import type { LiveFacts } from './resolvers.js';
import { terminalText } from '../core/text-safety.js';

export interface PlanDocument {
  tool: { name: string; version: string };
  /** `live`: what a live scan with these options would read; `snapshot`: what `scan --state` would find. */
  mode: 'live' | 'snapshot';
  now: string;
  level: Level;
  organization?: Organization;
  /** Live mode: what the credentials, /me and the files gave. */
  inputs?: {
    credentials: LiveFacts['credentials'];
    note?: string;
    callerRole?: string;
    projects?: number;
    scimToken: boolean;
    experimentalEndpoints: boolean;
    lexiconProjects: number;
    files: LiveFacts['files'];
    attestedSections: string[];
  };
  /** What stops the scan itself, whatever the checks need (e.g. a live scan without credentials). */
  blockers: string[];
  /** Snapshot mode: the file and its sha256. */
  snapshot?: { file: string; sha256: string; generatedAt: string };
  summary: PlanSummary;
  checks: PlannedCheck[];
}

const kinds = (c: PlannedCheck): string => (c.decidable ? c.basis.map((k) => BASIS_LABELS[k]).join(', ') : '-');

export function renderPlanText(doc: PlanDocument): string {
  const lines: string[] = [];
  const org = doc.organization ? `${terminalText(doc.organization.name)} (${terminalText(doc.organization.id)}, ${doc.organization.region})` : 'organization not known yet';
  lines.push(`Preflight (${doc.mode === 'live' ? 'live scan' : 'saved snapshot'}) of ${org} at level ${doc.level}, as of ${doc.now}. Nothing was collected.`);
  if (doc.inputs) {
    const i = doc.inputs;
    const role = i.callerRole ? `, organization role ${terminalText(i.callerRole)}` : '';
    const projects = i.projects === undefined ? '' : `, ${i.projects} project(s) visible`;
    lines.push(`Credentials: ${i.credentials}${role}${projects}${i.note ? ` (${terminalText(i.note)})` : ''}`);
    const files = Object.entries(i.files).map(([k, v]) => `${k} ${terminalText(v)}`);
    lines.push(`Files: ${files.length > 0 ? files.join(', ') : 'none'}${i.attestedSections.length > 0 ? `; attested: ${i.attestedSections.join(', ')}` : ''}`);
    lines.push(`SCIM token: ${i.scimToken ? 'set' : 'not set'}; experimental endpoints: ${i.experimentalEndpoints ? 'on' : 'off'}; Lexicon projects: ${i.lexiconProjects}`);
  }
  if (doc.snapshot) lines.push(`Snapshot: ${terminalText(doc.snapshot.file)} (sha256 ${doc.snapshot.sha256}, generated ${doc.snapshot.generatedAt})`);
  for (const b of doc.blockers) lines.push(`Blocker: ${terminalText(b)}`);
  const s = doc.summary;
  lines.push(`${s.decidable} of ${s.checks} checks can be decided with what was given; ${s.checks - s.decidable} need more (listed under each).`, '');
  lines.push(`${'CHECK'.padEnd(10)} ${'LEVEL'.padEnd(5)} ${'READY'.padEnd(5)} WILL BE DECIDED FROM`);
  for (const c of doc.checks) {
    lines.push(`${c.id.padEnd(10)} ${c.level.padEnd(5)} ${(c.decidable ? 'yes' : 'no').padEnd(5)} ${kinds(c)}`);
    for (const f of c.from) {
      lines.push(`${' '.repeat(23)}${f.need}: ${terminalText(f.source)}${f.note ? ` (${terminalText(f.note)})` : ''}${f.fallback ? `; else ${terminalText(f.fallback)}` : ''}`);
    }
    for (const m of c.missing) lines.push(`${' '.repeat(23)}missing ${m.need}: give ${m.options.map(terminalText).join(' | ')}`);
  }
  return `${lines.join('\n')}\n`;
}
