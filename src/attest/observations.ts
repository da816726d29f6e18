/**
 * What the scan observed for the checks a section would decide, as short one-line texts for a
 * draft's comments and a prompt's header: each check's status and message, where its data came
 * from (the sources its verdict rested on, or would have), and a few of its findings with the
 * values seen. Taken from the report as it is (a report never holds a secret); every text is made
 * one plain line, so nothing read from a report can break out of a YAML comment or move a cursor.
 */
import { plainLine } from '../core/text-safety.js';
import type { CheckResult } from '../report/report.js';
import type { TargetCheck } from './targets.js';

/** Findings shown per check: enough to recognise them; the report has the rest. */
const MAX_FINDINGS = 5;
const MAX_TEXT = 240;

function clip(text: string, max = MAX_TEXT): string {
  const line = plainLine(text);
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

function valueText(value: unknown): string {
  if (value === undefined) return 'absent';
  return clip(JSON.stringify(value) ?? String(value), 80);
}

function sourceLines(result: CheckResult): string[] {
  const out: string[] = [];
  for (const use of result.provenance) {
    if (use.status !== 'ok' || !use.provenance) continue;
    const p = use.provenance;
    out.push(clip(`read ${use.slice} from ${p.source}${p.detail ? ` (${p.detail})` : ''}, ${p.collectedAt}`));
  }
  return out;
}

export const NOTHING_OBSERVED = 'no scan given: attest --report <report.json> adds what a scan observed';

/** Lines describing one check as the scan saw it; without a report, only what it is. */
export function observedLines(check: TargetCheck): string[] {
  const r = check.result;
  if (!r) return [clip(`${check.id} ${check.title}: ${NOTHING_OBSERVED}`)];
  const lines = [clip(`${r.id} ${r.status}: ${r.message}`)];
  for (const s of sourceLines(r)) lines.push(`  ${s}`);
  for (const f of r.resources.slice(0, MAX_FINDINGS)) {
    lines.push(`  ${clip(`${f.type} ${f.id}${f.name ? ` (${f.name})` : ''}: observed ${valueText(f.observed)}, expected ${f.expected}`)}`);
  }
  if (r.resources.length > MAX_FINDINGS) lines.push(`  ... and ${r.resources.length - MAX_FINDINGS} more finding(s) in the report`);
  return lines;
}
