import { readFileSync } from 'node:fs';
import type { FrameworkId } from '../language/check.js';
import { packagePath } from '../core/paths.js';

/** One criterion, control or safeguard of a framework catalog. */
export interface CatalogEntry {
  id: string;
  title: string;
  withdrawn: boolean;
  /** NIST's OSCAL form of the id (`ac-6.1`), where the catalog has one. */
  oscalId?: string;
}

export interface Catalog {
  framework: FrameworkId;
  name: string;
  entries: Map<string, CatalogEntry>;
}

interface NistFile { controls: Record<string, { title: string; oscal_id: string; withdrawn?: boolean }> }
interface Soc2File { criteria: Record<string, { title: string }> }
interface CisFile { controls: Record<string, string>; safeguards: Record<string, { title: string }> }

function readReference<T>(file: string): T {
  return JSON.parse(readFileSync(packagePath('reference', file), 'utf8')) as T;
}

function loadNist(): Catalog {
  const f = readReference<NistFile>('nist-800-53-rev5-controls.json');
  const entries = new Map<string, CatalogEntry>();
  for (const [id, c] of Object.entries(f.controls)) entries.set(id, { id, title: c.title, withdrawn: c.withdrawn === true, oscalId: c.oscal_id });
  return { framework: 'nist-800-53', name: 'NIST SP 800-53 Rev. 5', entries };
}

function loadSoc2(): Catalog {
  const f = readReference<Soc2File>('soc2-tsc-2017.json');
  const entries = new Map<string, CatalogEntry>();
  for (const [id, c] of Object.entries(f.criteria)) entries.set(id, { id, title: c.title, withdrawn: false });
  return { framework: 'soc2', name: 'SOC 2 Trust Services Criteria (2017)', entries };
}

function loadCis(): Catalog {
  const f = readReference<CisFile>('cis-controls-v8.json');
  const entries = new Map<string, CatalogEntry>();
  for (const [id, title] of Object.entries(f.controls)) entries.set(id, { id, title, withdrawn: false });
  for (const [id, s] of Object.entries(f.safeguards)) entries.set(id, { id, title: s.title, withdrawn: false });
  return { framework: 'cis-v8', name: 'CIS Critical Security Controls v8', entries };
}

let cache: Record<FrameworkId, Catalog> | undefined;

/** The three catalogs the reports cite, read once from the package's `reference/` copies. */
export function catalogs(): Record<FrameworkId, Catalog> {
  cache ??= { soc2: loadSoc2(), 'nist-800-53': loadNist(), 'cis-v8': loadCis() };
  return cache;
}

/** Natural order for control ids (CC6.1 < CC6.10, AC-2 < AC-2(1) < AC-10). */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
