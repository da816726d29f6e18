/**
 * The targets as a person sees them: for each section, the draft's content (fact, how to verify,
 * what the scan observed) and the header a prompt shows before asking.
 */
import type { DraftContent } from './draft-block.js';
import { NOTHING_OBSERVED, observedLines } from './observations.js';
import type { SessionItem } from './prompt-session.js';
import { sectionGuide } from './section-guide.js';
import type { SectionTarget } from './targets.js';

export interface SectionItem {
  draft: DraftContent;
  prompt: SessionItem;
}

export function sectionItems(targets: readonly SectionTarget[]): SectionItem[] {
  const out: SectionItem[] = [];
  for (const t of targets) {
    const guide = sectionGuide(t.section);
    // Every attestable section has a guide (a test holds them together); none is no draft.
    if (!guide) continue;
    const checks = t.checks.map((c) => `${c.id} ${c.title}`);
    // Without a report there is nothing observed to show, once for the section rather than per check.
    const observed = t.checks.some((c) => c.result) ? t.checks.flatMap(observedLines) : [NOTHING_OBSERVED];
    const draft: DraftContent = { guide, checks, observed, ...(t.renew === undefined ? {} : { renew: t.renew }) };
    const header = [
      `== ${guide.section}: decides ${t.checks.map((c) => c.id).join(', ')}`,
      ...(t.renew ? [`The file holds it, but: ${t.renew}.`] : []),
      `Fact: ${guide.fact}`,
      'Verify:',
      ...guide.verify.map((s, i) => `  ${i + 1}. ${s}`),
      'Observed by the scan:',
      ...observed.map((l) => `  ${l}`),
    ];
    out.push({ draft, prompt: { guide, header, ...(t.renew === undefined ? {} : { renew: t.renew }) } });
  }
  return out;
}
