/**
 * Puts the attested project labels (environment, sensitive, default access role) on the projects
 * /me listed, matched by id. A label for a project /me did not list, or whose name differs, is
 * reported as a warning: it is often a typo, or a project the service account cannot see.
 */
import type { Attestation, Project } from '../../state/org-state.js';
import type { ProjectLabel } from '../inputs/attestations.js';

export interface LabelOutcome {
  projects: Project[];
  warnings: string[];
  labeled: number;
}

/**
 * Each labeled project keeps the attestation its labels came from (`labelAttestation`), so that
 * evaluation can drop them, field by field, once it is stale.
 */
export function applyProjectLabels(projects: Project[], labels: readonly ProjectLabel[], source: string, attestation: Attestation): LabelOutcome {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const warnings: string[] = [];
  let labeled = 0;
  const out = projects.map((p) => {
    const l = byId.get(p.id);
    if (!l) return p;
    byId.delete(p.id);
    labeled++;
    if (l.name !== undefined && l.name.trim().toLowerCase() !== p.name.trim().toLowerCase()) {
      warnings.push(`${source}: project ${p.id} is labeled as "${l.name}" but Mixpanel calls it "${p.name}"`);
    }
    return {
      ...p,
      ...(l.environment === undefined ? {} : { environment: l.environment }),
      ...(l.sensitive === undefined ? {} : { sensitive: l.sensitive }),
      ...(l.defaultAccessRole === undefined ? {} : { defaultAccessRole: l.defaultAccessRole }),
      labelAttestation: attestation,
    };
  });
  for (const l of byId.values()) {
    warnings.push(`${source}: project ${l.id}${l.name ? ` ("${l.name}")` : ''} is labeled but not among the projects this service account sees`);
  }
  return { projects: out, warnings, labeled };
}
