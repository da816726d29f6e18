import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { packagePath } from '../core/paths.js';
import { assertValid } from '../core/schema-validator.js';
import { loadStructuredFile } from '../core/structured-file.js';
import type { Check } from '../language/check.js';

/**
 * Frameworks are data: a folder per framework with `framework.yaml` (how to name and cite it, its
 * catalog, optionally the checks' mappings) and, for a new framework, its catalog file. Adding one
 * needs no code and no schema edit; docs/frameworks.md says how.
 */
export const DEFAULT_FRAMEWORK_DIR = packagePath('policies', 'frameworks');

/** One criterion, control or safeguard of a framework catalog. */
export interface CatalogEntry {
  id: string;
  title: string;
  withdrawn: boolean;
  /** NIST's OSCAL form of the id (`ac-6.1`), where the catalog has one. */
  oscalId?: string;
}

export interface Catalog {
  framework: string;
  name: string;
  entries: Map<string, CatalogEntry>;
}

/** A loaded framework: its description (as the report carries it), catalog and mappings. */
export interface Framework {
  id: string;
  name: string;
  shortName: string;
  order: number;
  entryNoun: string;
  ocsfStandard: string;
  csvColumn: string;
  oscalControls: boolean;
  entries: Map<string, CatalogEntry>;
  /** Check id -> ids of this framework it assesses, from the framework's own file. */
  mappings: Map<string, string[]>;
  file: string;
}

interface FrameworkFile {
  id: string;
  name: string;
  shortName: string;
  order: number;
  entryNoun: string;
  ocsfStandard?: string;
  csvColumn?: string;
  oscalControls?: boolean;
  catalog: { file: string } | { reference: string; form: ReferenceForm };
  mappings?: Record<string, string[]>;
}

interface CatalogFile {
  entries: Record<string, { title: string; withdrawn?: boolean; oscalId?: string }>;
}

type ReferenceForm = 'nist-800-53' | 'soc2-tsc' | 'cis-v8';
interface NistFile { controls: Record<string, { title: string; oscal_id: string; withdrawn?: boolean }> }
interface Soc2File { criteria: Record<string, { title: string }> }
interface CisFile { controls: Record<string, string>; safeguards: Record<string, { title: string }> }

/**
 * The catalogs shipped in reference/ keep the shape they were published in (kept unchanged so they
 * can be compared with their sources); each shape is read here into the generic entries.
 */
function referenceEntries(file: string, form: ReferenceForm): CatalogEntry[] {
  const data: unknown = JSON.parse(readFileSync(packagePath('reference', file), 'utf8'));
  switch (form) {
    case 'nist-800-53':
      return Object.entries((data as NistFile).controls).map(([id, c]) => ({ id, title: c.title, withdrawn: c.withdrawn === true, oscalId: c.oscal_id }));
    case 'soc2-tsc':
      return Object.entries((data as Soc2File).criteria).map(([id, c]) => ({ id, title: c.title, withdrawn: false }));
    case 'cis-v8': {
      const f = data as CisFile;
      return [
        ...Object.entries(f.controls).map(([id, title]) => ({ id, title, withdrawn: false })),
        ...Object.entries(f.safeguards).map(([id, s]) => ({ id, title: s.title, withdrawn: false })),
      ];
    }
  }
}

function catalogEntries(dir: string, f: FrameworkFile): CatalogEntry[] {
  if ('reference' in f.catalog) return referenceEntries(f.catalog.reference, f.catalog.form);
  const catalog = assertValid<CatalogFile>('framework-catalog', loadStructuredFile(join(dir, f.catalog.file)));
  return Object.entries(catalog.entries).map(([id, e]) => ({ id, title: e.title, withdrawn: e.withdrawn === true, ...(e.oscalId ? { oscalId: e.oscalId } : {}) }));
}

/** One framework folder, validated: every mapped id must be a current entry of its catalog. */
export function loadFramework(dir: string): Framework {
  const file = join(dir, 'framework.yaml');
  const f = assertValid<FrameworkFile>('framework', loadStructuredFile(file));
  const entries = new Map(catalogEntries(dir, f).map((e) => [e.id, e]));
  const mappings = new Map(Object.entries(f.mappings ?? {}));
  for (const [check, ids] of mappings) {
    for (const id of ids) {
      const entry = entries.get(id);
      if (!entry) throw InputError.at(file, `mappings of ${check}: ${f.id} id "${id}" is not in the ${f.name} catalog`);
      if (entry.withdrawn) throw InputError.at(file, `mappings of ${check}: ${f.id} id "${id}" is withdrawn`);
    }
  }
  return {
    id: f.id,
    name: f.name,
    shortName: f.shortName,
    order: f.order,
    entryNoun: f.entryNoun,
    ocsfStandard: f.ocsfStandard ?? f.name,
    csvColumn: f.csvColumn ?? f.id,
    oscalControls: f.oscalControls === true,
    entries,
    mappings,
    file,
  };
}

/** The framework folders under each of `roots` (each folder holding a framework.yaml), in report order. */
export function loadFrameworks(roots: readonly string[] = [DEFAULT_FRAMEWORK_DIR]): Framework[] {
  const out: Framework[] = [];
  for (const root of roots) {
    for (const name of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const fw = loadFramework(join(root, name));
      if (fw.id !== name) throw InputError.at(fw.file, `framework id "${fw.id}" differs from its folder name "${name}"`);
      const twin = out.find((o) => o.id === fw.id);
      if (twin) throw InputError.at(fw.file, `framework "${fw.id}" is also defined in ${twin.file}`);
      out.push(fw);
    }
  }
  const oscal = out.filter((f) => f.oscalControls);
  if (oscal.length > 1) throw InputError.at(oscal[1]!.file, `oscalControls is already set by ${oscal[0]!.id}: OSCAL findings target one framework's controls`);
  return out.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

let cache: Framework[] | undefined;

/** The frameworks shipped with the package (policies/frameworks), read once. */
export function defaultFrameworks(): Framework[] {
  cache ??= loadFrameworks();
  return cache;
}

/** The ids of the shipped frameworks, from the folder names alone (no catalog is read). */
export function frameworkIds(root = DEFAULT_FRAMEWORK_DIR): string[] {
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** The shipped catalogs by framework id, for the policy linter. */
export function catalogs(): Record<string, Catalog> {
  return Object.fromEntries(defaultFrameworks().map((f) => [f.id, { framework: f.id, name: f.name, entries: f.entries }]));
}

/**
 * The checks with every framework's own mappings added to what each check declares, so that a
 * framework can map the checks without editing them. A check the mappings do not name is unchanged.
 */
export function withFrameworkMappings(checks: readonly Check[], frameworks: readonly Framework[]): Check[] {
  if (!frameworks.some((f) => f.mappings.size > 0)) return [...checks];
  return checks.map((c) => {
    let mapped = c.frameworks;
    for (const f of frameworks) {
      const ids = f.mappings.get(c.id);
      if (!ids) continue;
      mapped = { ...mapped, [f.id]: [...new Set([...(mapped[f.id] ?? []), ...ids])] };
    }
    return mapped === c.frameworks ? c : { ...c, frameworks: mapped };
  });
}

/** Natural order for control ids (CC6.1 < CC6.10, AC-2 < AC-2(1) < AC-10). */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
