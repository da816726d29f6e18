/**
 * The interactive half of `attest`: for each section a scan still needs, show the fact, where to
 * verify it and what the scan observed, then ask whether to attest it now and, if so, every field.
 * A section is returned only when every required answer was given; the end of input stops the
 * session, and the sections finished until then are kept (each one whole).
 */
import { formatInstant, shift, toInstant } from '../core/duration.js';
import { evidenceFrom } from './evidence-ref.js';
import { answerForm, readAnswer } from './field-answer.js';
import type { FieldGuide, SectionGuide } from './section-guide.js';

/** One question, one line back; undefined at the end of input. */
export interface Asker {
  ask(question: string): Promise<string | undefined>;
}

export interface SessionContext {
  /** Today, as YYYY-MM-DD (from --now). */
  today: string;
  /** How long an attestation is relied on at most (the config's maxAttestationAge). */
  maxAge: string;
  cwd: string;
  attestationsFile: string;
  say: (text: string) => void;
  asker: Asker;
}

/** The end of input: stop asking. */
class EndOfInput extends Error {}

async function askLine(ctx: SessionContext, question: string, fallback?: string): Promise<string> {
  const line = await ctx.asker.ask(`${question}${fallback !== undefined ? ` [${fallback}]` : ''}: `);
  if (line === undefined) throw new EndOfInput();
  return line.trim() === '' && fallback !== undefined ? fallback : line;
}

/** Asks until the answer reads; an optional field may be skipped with an empty answer. */
async function askField(ctx: SessionContext, f: FieldGuide): Promise<{ set: boolean; value?: unknown }> {
  if (f.kind === 'records') return { set: true, value: await askRecords(ctx, f) };
  for (;;) {
    const form = f.kind === 'text' ? [] : [answerForm(f.kind)];
    if (f.optional) form.push('empty to leave out');
    const line = await askLine(ctx, form.length > 0 ? `${f.ask} (${form.join(', ')})` : f.ask);
    if (f.optional && line.trim() === '') return { set: false };
    const a = readAnswer(f.kind, line);
    if (a.ok) return { set: true, value: a.value };
    ctx.say(`  ${a.reason}\n`);
  }
}

async function askRecords(ctx: SessionContext, f: FieldGuide): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (;;) {
    const more = await askLine(ctx, `${f.ask}: add ${items.length === 0 ? 'an' : 'another'} entry? (yes/no)`, 'no');
    if (!/^y(es)?$/i.test(more.trim())) return items;
    const item: Record<string, unknown> = {};
    for (const sub of f.item ?? []) {
      const a = await askField(ctx, sub);
      if (a.set) item[sub.name] = a.value;
    }
    items.push(item);
  }
}

async function askEvidence(ctx: SessionContext): Promise<string> {
  for (;;) {
    const line = await askLine(ctx, 'Evidence: a link, or the path of a file (its sha256 is recorded)');
    const e = await evidenceFrom(line, ctx.cwd, ctx.attestationsFile);
    if (e.ok) return e.evidence;
    ctx.say(`  ${e.reason}\n`);
  }
}

async function askSignature(ctx: SessionContext): Promise<Record<string, string>> {
  const attestedBy = (await askField(ctx, { name: 'attestedBy', kind: 'text', ask: 'Who vouches for it (email or name)' })).value as string;
  let attestedAt: string;
  for (;;) {
    const a = readAnswer('date', await askLine(ctx, 'Verified on (YYYY-MM-DD)', ctx.today));
    if (a.ok && (a.value as string) <= ctx.today) {
      attestedAt = a.value as string;
      break;
    }
    ctx.say(`  ${a.ok ? 'a date after today cannot be relied on yet' : a.reason}\n`);
  }
  const evidence = await askEvidence(ctx);
  // By default it lasts as long as the scan relies on an attestation anyway.
  const latest = formatInstant(shift(toInstant(attestedAt)!, ctx.maxAge, 1)).slice(0, 10);
  let expires: string;
  for (;;) {
    const a = readAnswer('date', await askLine(ctx, 'Expires on (YYYY-MM-DD)', latest));
    if (a.ok && (a.value as string) > attestedAt) {
      expires = a.value as string;
      break;
    }
    ctx.say(`  ${a.ok ? 'it must expire after the date it was verified' : a.reason}\n`);
  }
  return { attestedBy, attestedAt, evidence, expires };
}

export type SessionOutcome = { attested: Map<string, Record<string, unknown>>; ended: boolean };

export interface SessionItem {
  guide: SectionGuide;
  /** The text shown before the question: fact, how to verify, what was observed. */
  header: string[];
  /** The file already holds it and it must be renewed. */
  renew?: string;
}

export async function runSession(items: readonly SessionItem[], ctx: SessionContext): Promise<SessionOutcome> {
  const attested = new Map<string, Record<string, unknown>>();
  try {
    for (const item of items) {
      ctx.say(`\n${item.header.join('\n')}\n`);
      const verb = item.renew ? `Renew "${item.guide.section}" (${item.renew})` : `Attest "${item.guide.section}" now`;
      const go = await askLine(ctx, `${verb}? (yes/no)`, 'no');
      if (!/^y(es)?$/i.test(go.trim())) continue;
      const signature = await askSignature(ctx);
      const content: Record<string, unknown> = { ...signature };
      for (const f of item.guide.fields) {
        const a = await askField(ctx, f);
        if (a.set) content[f.name] = a.value;
      }
      attested.set(item.guide.section, content);
    }
  } catch (err) {
    if (err instanceof EndOfInput) return { attested, ended: true };
    throw err;
  }
  return { attested, ended: false };
}
