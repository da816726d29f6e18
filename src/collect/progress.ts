/**
 * The progress display on stderr while collecting: the organization found, each slice as it
 * finishes, pages, Lexicon waits and retries. In CI logs and pipes the same lines (but pages)
 * are plain log lines; `--quiet` silences everything, warnings too. Lines carry routes and our own
 * words, never request headers.
 */
import type { CollectEvent } from './events.js';
import { terminalText } from '../core/text-safety.js';

export interface ProgressTarget {
  write: (text: string) => void;
  isTty: boolean;
  quiet: boolean;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** One display line for an event, or undefined when the event is not shown. */
export function progressLine(e: CollectEvent): string | undefined {
  switch (e.type) {
    case 'organization':
      return `organization ${e.id} "${e.name}" in region ${e.region}, ${e.projects} projects`;
    case 'slice':
      if (e.phase === 'start') return undefined;
      return `  ${e.slice}: ${e.status ?? 'done'}${e.status !== 'ok' && e.detail ? ` - ${e.detail}` : ''}`;
    case 'page':
      return `  ${e.slice}: page ${e.page}, ${e.items} so far`;
    case 'wait':
      return `  ${e.slice}: waiting ${seconds(e.ms)} (${e.why})`;
    case 'retry':
      return `  retry ${e.method} ${e.route} in ${seconds(e.delayMs)} (${e.reason}, attempt ${e.attempt})`;
    case 'warning':
      return `warning: ${e.message}`;
    default:
      return undefined;
  }
}

export function progressReporter(target: ProgressTarget): (e: CollectEvent) => void {
  return (e) => {
    if (target.quiet) return;
    // Off a terminal (CI logs, pipes) every line but the page counts is printed as a plain log
    // line, so a long collection is not silent: the organization, each slice, each wait and retry.
    if (!target.isTty && e.type === 'page') return;
    const line = progressLine(e);
    // Organization, project and file names come from the API and the user's files: no escape sequences.
    if (line !== undefined) target.write(`${terminalText(line)}\n`);
  };
}
