/** What collection reports as it goes: slices started and finished, pages, waits, retries, warnings. */
import type { ClientEvent } from '../mixpanel/client-events.js';
import type { Region, SliceName, SliceStatus } from '../state/org-state.js';

export interface SliceEvent {
  type: 'slice';
  slice: SliceName;
  phase: 'start' | 'done';
  status?: SliceStatus;
  detail?: string;
}

export interface PageEvent {
  type: 'page';
  slice: SliceName;
  page: number;
  items: number;
}

export interface WaitEvent {
  type: 'wait';
  slice: SliceName;
  ms: number;
  why: string;
}

export interface OrganizationEvent {
  type: 'organization';
  id: string;
  name: string;
  region: Region;
  projects: number;
}

export interface WarningEvent {
  type: 'warning';
  message: string;
}

export type CollectEvent = ClientEvent | SliceEvent | PageEvent | WaitEvent | OrganizationEvent | WarningEvent;

export type EmitEvent = (event: CollectEvent) => void;
