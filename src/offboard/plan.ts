import { formatInstant } from '../core/duration.js';
import { TOOL_VERSION } from '../core/paths.js';
import type { Organization, OrgState } from '../state/org-state.js';
import { describePerson, indexState, type PersonState } from './person-state.js';
import { transferItems, type TransferItem } from './transfer.js';

export const PLAN_KIND = 'mixpanel-hardening/offboard-plan';
export const OFFBOARD_SCHEMA_VERSION = '1.0';

/** Which state a document was computed from: its sha256 ties the document to the snapshot. */
export interface StateReference {
  sha256: string;
  /** The snapshot file; for live collection, the snapshot written beside the document. */
  file: string | null;
  generatedAt: string;
  origin: 'file' | 'live';
  /** Files that replaced slices of the snapshot for this run (a --roster given beside --state). */
  inputs?: { slice: string; file: string; sha256: string }[];
}

export interface PlannedPerson extends PersonState {
  transfer: TransferItem[];
}

/** "Document current state": each person's access and what to hand over before removal. */
export interface OffboardPlan {
  kind: typeof PLAN_KIND;
  schemaVersion: typeof OFFBOARD_SCHEMA_VERSION;
  tool: { name: string; version: string };
  generatedAt: string;
  organization: Organization;
  state: StateReference;
  people: PlannedPerson[];
}

/** Pure: same state, emails and `now` give the same plan. */
export function buildPlan(state: OrgState, ref: StateReference, emails: readonly string[], now: number): OffboardPlan {
  const index = indexState(state, now);
  return {
    kind: PLAN_KIND,
    schemaVersion: OFFBOARD_SCHEMA_VERSION,
    tool: { name: 'mixpanel-hardening', version: TOOL_VERSION },
    generatedAt: formatInstant(now),
    organization: state.organization,
    state: ref,
    people: emails.map((email) => {
      const person = describePerson(index, email);
      return { ...person, transfer: transferItems(person, index) };
    }),
  };
}
