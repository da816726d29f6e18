/**
 * `attest --due`: the attestations that have expired or will within a period, for a scheduled job.
 * An attestation ends at its `expires` date, or earlier when it reaches the age a scan relies on an
 * attestation at most (maxAttestationAge): whichever comes first, as the scan judges it.
 */
import { formatInstant, shift, toInstant } from '../core/duration.js';
import type { ExistingSection } from './existing-sections.js';

export interface DueEntry {
  section: string;
  attestedBy: string;
  /** When it stops being relied on. */
  ends: string;
  /** `expires` in the file, or the age limit. */
  by: 'expires' | 'maxAttestationAge';
  state: 'expired' | 'due';
  /** Whole days from now to the end (negative once past). */
  daysLeft: number;
}

const DAY = 86_400_000;

export function dueAttestations(sections: Iterable<ExistingSection>, now: number, within: string, maxAge: string): DueEntry[] {
  const horizon = shift(now, within, 1);
  const out: DueEntry[] = [];
  for (const s of sections) {
    const a = s.attestation;
    const expires = toInstant(a.expires)!;
    const aged = shift(toInstant(a.attestedAt)!, maxAge, 1);
    const end = Math.min(expires, aged);
    if (end > horizon) continue;
    out.push({
      section: s.section,
      attestedBy: a.attestedBy,
      ends: formatInstant(end),
      by: aged < expires ? 'maxAttestationAge' : 'expires',
      state: end <= now ? 'expired' : 'due',
      daysLeft: Math.floor((end - now) / DAY),
    });
  }
  return out.sort((x, y) => x.ends.localeCompare(y.ends) || x.section.localeCompare(y.section));
}
