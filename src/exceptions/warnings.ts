import type { ScanReport } from '../report/report.js';
import { terminalText } from '../core/text-safety.js';

/** One line per exception that needs a person: expired, expiring soon, or matching nothing. */
export function exceptionWarnings(report: ScanReport): string[] {
  const out: string[] = [];
  for (const e of report.exceptions ?? []) {
    if (e.state === 'expired') out.push(`exception ${terminalText(e.id)} (${e.check}) expired: ${terminalText(e.note)}`);
    else if (e.state === 'unused') out.push(`exception ${terminalText(e.id)} (${e.check}) is unused: ${terminalText(e.note)}`);
    else if (e.expiresSoon) out.push(`exception ${terminalText(e.id)} (${e.check}) expires soon: ${e.daysLeft} day(s) left (expires ${e.expires})`);
  }
  return out;
}
