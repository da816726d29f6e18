import type { Check, FrameworkId, Level, Severity, Status } from '../language/check.js';
import type { ExemptedResource, ResourceFinding, SliceUse } from '../engine/result.js';
import type { Organization } from '../state/org-state.js';
import type { BasisEntry, BasisKind } from './basis.js';
import type { ReportHistory } from './report-history.js';
import type { StatusCounts } from './status-counts.js';

/**
 * 1.1: every result names its `basis`, the summary counts `byBasis`, mappings are assessed or the guide's.
 * 1.2: frameworks are data (`frameworkInfo`); a result states `expected` once, its findings only where theirs differs.
 */
export const REPORT_SCHEMA_VERSION = '1.2';

/** The versions `scan --baseline` and `diff` read; 1.1 reports are brought to the 1.2 model as they load (load-report.ts). */
export type ReportSchemaVersion = '1.1' | typeof REPORT_SCHEMA_VERSION;

export type { StatusCounts } from './status-counts.js';

/** Whether a failure was already failing in the baseline scan (`scan --baseline`). */
export type Change = 'new' | 'existing';

/**
 * A failing finding that names a person to offboard (declared by the check's `annotate.offboarding`):
 * who, and the command that starts the removal; with the check's `overdue` declaration, also how
 * long past the removal window the person still has access.
 */
export interface OffboardingNote {
  person: string;
  command: string;
  name?: string | null;
  engagementEnd?: string;
  windowHours?: number;
  removalDueBy?: string;
  hoursPastWindow?: number;
  /** One sentence naming the person, the engagement end and the hours past the window. */
  summary?: string;
}

/** A resource finding as reported: the engine's finding plus what annotations, exceptions and a baseline add. */
export interface ReportResource extends Omit<ResourceFinding, 'expected'> {
  /** Only where it differs from the result's `expected` (1.2); read both with expectedOf (finding-expected.ts). */
  expected?: string;
  /** The id of the exception that covers this finding; its status is then `excepted`. */
  exception?: string;
  change?: Change;
  /** Where the data behind this finding came from, only when it differs from its result's basis. */
  basis?: BasisEntry[];
  offboarding?: OffboardingNote;
}

/** The exception that turned a result `excepted`, copied into the result so it reads on its own. */
export interface AppliedException {
  id: string;
  justification: string;
  owner: string;
  approver?: string;
  ticket?: string;
  expires: string;
  /** It expires within the warning window (30 days): renew or fix before then. */
  expiresSoon: boolean;
}

/** `active`: in force and covering findings; `expired`: past its date, covers nothing; `unused`: in force but matching no failure. */
export type ExceptionState = 'active' | 'expired' | 'unused';

/**
 * An exception as its file declares it (`schemas/exceptions.schema.json`): a risk acceptance for one
 * check, optionally limited to some of its resources. Defined here, with the report model, because
 * the register repeats it; the exceptions feature reads files into this shape.
 */
export interface DeclaredException {
  id: string;
  check: string;
  /** Resource ids or glob patterns (`*`, `?`); absent: every finding of the check. */
  resources?: string[];
  justification: string;
  owner: string;
  approver?: string;
  ticket?: string;
  created: string;
  expires: string;
}

/** One line of the exceptions register: every exception given, with what it did in this scan. */
export interface ExceptionRecord extends DeclaredException {
  state: ExceptionState;
  expiresSoon: boolean;
  /** Whole days it still applies, counting from the scan time (negative once expired). */
  daysLeft: number;
  /** Failing resource ids it covers (active) or would cover (expired). */
  matched: string[];
  /** What it changed: the whole check became `excepted`, only some resources, or nothing. */
  effect: 'check' | 'resources' | 'none';
  /** One sentence for people: why it is in this state. */
  note: string;
}

/** The scan a `--baseline` report describes; `change` marks are relative to it. */
export interface BaselineRef {
  now: string;
  stateSha256: string;
  policiesSha256: string;
  /** sha256 of the baseline report file's bytes. */
  reportSha256: string;
}

/** What a result repeats of its check, so that the report stands alone without the policy files. */
export type CheckMetadata = Pick<Check, 'id' | 'title' | 'level' | 'severity' | 'section' | 'source' | 'description' | 'rationale' | 'remediation' | 'notes' | 'frameworks' | 'guideFrameworks' | 'mappingNote'>;

export interface CheckResult extends CheckMetadata {
  status: Status;
  message: string;
  /** What the check expects of each resource it reports, stated once; a finding repeats it only when its own differs. */
  expected?: string;
  resources: ReportResource[];
  /** How many resources the check judged (per-resource and counting rules). */
  judged?: number;
  /**
   * Where the data that decided the check came from: one entry per kind, from the slices (and
   * attested fields) its rule read. `none` when nothing did (the rule did not run, or read nothing).
   */
  basis: BasisEntry[];
  /** Resources the check declares exempt (e.g. the scanner's own credential): not judged, shown with the reason. */
  exempted?: ExemptedResource[];
  /** The slices the check read and where their data came from. */
  provenance: SliceUse[];
  params: Record<string, unknown>;
  /** The status before exceptions applied, when they changed it. */
  originalStatus?: Status;
  exception?: AppliedException;
  /** Exceptions for this check that have expired, so no longer apply. */
  expiredExceptions?: string[];
  /** For failures, with a baseline: new since the baseline or already failing there. */
  change?: Change;
  /** One `offboard plan` command for the first people this check's failing findings name. */
  offboardCommand?: string;
}

export interface CriterionResult {
  id: string;
  /** From the framework's catalog, copied here so that renderers read the report alone. */
  title: string;
  status: Exclude<Status, 'excepted'> | 'excepted';
  checks: string[];
  /** The OSCAL form of the id, where the catalog gives one (NIST SP 800-53). */
  oscalId?: string;
}

/**
 * How to name and cite one framework, copied from its framework.yaml (policies/frameworks) into the
 * report, so that every format shows any framework without knowing it in advance.
 */
export interface FrameworkInfo {
  id: FrameworkId;
  name: string;
  shortName: string;
  /** What one id names (criterion, control, safeguard). */
  entryNoun: string;
  ocsfStandard: string;
  csvColumn: string;
  /** Its ids are the controls OSCAL findings target. */
  oscalControls?: true;
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

/** What a scan found about its clock: see `clock` in schemas/report.schema.json. */
export interface ScanClock {
  nowBeforeCollection?: { collectedAt: string; allowedBy: '--allow-now-before-snapshot' };
  dataAfterNow?: { count: number; latest: string; examples: string[] };
}

export interface ScanReport {
  schemaVersion: ReportSchemaVersion;
  /** The tool that wrote the report; `repository` (1.2) is where its checks are published, for the links reports give. */
  tool: { name: string; version: string; repository: string };
  scan: {
    now: string;
    level: Level;
    organization: Organization;
    stateSha256: string;
    policiesSha256: string;
    stateGeneratedAt: string;
    /** The clock against the data (src/state/data-clock.ts), when either is out of order. */
    clock?: ScanClock;
    /** False when any check could not be evaluated because a source could not be read. */
    complete: boolean;
    checkCount: number;
    /** sha256 of the exceptions file applied, when one was given. */
    exceptionsSha256?: string;
    baseline?: BaselineRef;
  };
  summary: {
    byStatus: StatusCounts;
    byLevel: Record<Level, StatusCounts>;
    bySeverity: Record<Severity, StatusCounts>;
    /** Decided checks (pass or fail, before exceptions) by basis kind; a check counts under each of its kinds. */
    byBasis: Record<BasisKind, number>;
  };
  results: CheckResult[];
  /** The frameworks of this report, in display order; `frameworks` has one matrix for each. */
  frameworkInfo: FrameworkInfo[];
  /** Per framework id, the criteria the checks assess, each with its rolled-up status. */
  frameworks: Record<FrameworkId, CriterionResult[]>;
  sources: SourceSummary[];
  /** The exceptions register, when an exceptions file was given. */
  exceptions?: ExceptionRecord[];
  /** Posture over recent runs and per-check changes since the previous one (`scan --history`). */
  history?: ReportHistory;
}
