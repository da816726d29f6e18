import type { FrameworkId, Level, Severity, Status } from '../policy/check.js';
import type { ResourceFinding, SliceUse } from '../engine/result.js';
import type { Organization } from '../state/org-state.js';

export const REPORT_SCHEMA_VERSION = '1.0';

export type StatusCounts = Record<Status, number>;

/** An exception that covers a result (filled by the exceptions register, when one is given). */
export interface AppliedException {
  id: string;
  originalStatus: Status;
  justification: string;
  owner?: string;
  approver?: string;
  ticket?: string;
  expires: string;
}

export interface CheckResult {
  id: string;
  title: string;
  level: Level;
  severity: Severity;
  section: string;
  source: 'guide' | 'runbook';
  status: Status;
  message: string;
  description: string;
  rationale: string;
  remediation: string;
  notes?: string;
  frameworks: Partial<Record<FrameworkId, string[]>>;
  resources: ResourceFinding[];
  /** How many resources the check judged (per-resource and counting rules). */
  judged?: number;
  /** The slices the check read and where their data came from. */
  provenance: SliceUse[];
  params: Record<string, unknown>;
  exception?: AppliedException;
}

export interface CriterionResult {
  id: string;
  title: string;
  status: Exclude<Status, 'excepted'> | 'excepted';
  checks: string[];
}

export interface SourceSummary {
  slice: string;
  status: string;
  source?: string;
  collectedAt?: string;
  detail?: string;
  reason?: string;
  attestedBy?: string;
  attestationExpires?: string;
}

export interface ScanReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  scan: {
    now: string;
    level: Level;
    organization: Organization;
    stateSha256: string;
    policiesSha256: string;
    stateGeneratedAt: string;
    /** False when any check could not be evaluated because a source could not be read. */
    complete: boolean;
    checkCount: number;
  };
  summary: {
    byStatus: StatusCounts;
    byLevel: Record<Level, StatusCounts>;
    bySeverity: Record<Severity, StatusCounts>;
  };
  results: CheckResult[];
  frameworks: Record<FrameworkId, CriterionResult[]>;
  sources: SourceSummary[];
}
