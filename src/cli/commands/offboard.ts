import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { formatInstant, toInstant } from '../../core/duration.js';
import { readInputText } from '../../core/structured-file.js';
import { writeFilesAtomically } from '../../core/write-atomic.js';
import { packagePath } from '../../core/paths.js';
import { addBusinessDays, calendarDate } from '../../offboard/business-days.js';
import { freshBaseName, writeDocument } from '../../offboard/document-files.js';
import { renderNotice } from '../../offboard/notice.js';
import { loadPlanFile } from '../../offboard/plan-file.js';
import { buildPlan } from '../../offboard/plan.js';
import { renderPlanHtml, renderVerificationHtml } from '../../offboard/render-html.js';
import { collectOptions } from '../../collect/cli-options.js';
import { obtainState, type ObtainedState, type StateSourceArgs } from '../../offboard/state-source.js';
import { appendToTracker, openTracker } from '../../offboard/tracker-file.js';
import { trackerRecords } from '../../offboard/tracker.js';
import { exitCodeForResult, verifyRemoval, type RemovalRecord } from '../../offboard/verification.js';
import { MANUAL_ITEM_IDS, REMOVAL_METHODS, type RemovalMethod } from '../../offboard/verify-items.js';
import { scanTime } from '../common-options.js';
import { EXIT } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { anyCase } from '../any-case.js';
import { terminalText } from '../../core/text-safety.js';

export const DEFAULT_OFFBOARD_OUT = join('reports', 'offboard');
export const DEFAULT_NOTICE_TEMPLATE = packagePath('templates', 'offboard-notice.hbs');

interface SourceArgs extends StateSourceArgs {
  email: string[];
  out: string;
  now?: string;
  quiet: boolean;
}

interface VerifyArgs extends SourceArgs {
  method: string;
  ticket?: string;
  'removed-at'?: string;
  plan?: string;
  tracker?: string;
  requestor?: string;
  approver?: string;
  administrator?: string;
  justification?: string;
  attest?: string[];
}

interface NoticeArgs {
  email: string;
  name: string;
  ticket: string;
  date?: string;
  reason: string;
  'new-owner'?: string;
  'dispute-contact'?: string;
  'dispute-days': number;
  template?: string;
  out?: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Options that take one value: yargs turns a repeated option into an array, which would be ambiguous evidence. */
const SINGLE_VALUED = ['state', 'roster', 'out', 'now', 'method', 'ticket', 'removed-at', 'plan', 'tracker', 'requestor', 'approver', 'administrator', 'justification', 'name', 'date', 'reason', 'new-owner', 'dispute-contact', 'dispute-days', 'template'] as const;

function assertSingleValued(args: Record<string, unknown>): void {
  const repeated = SINGLE_VALUED.filter((k) => Array.isArray(args[k]));
  if (repeated.length > 0) throw new UsageError(`${repeated.map((k) => `--${k}`).join(', ')} given more than once`);
}

/** Lower-cased, deduplicated, each a plausible address (exit 2 otherwise). */
export function parseEmails(values: readonly (string | number)[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const email = String(raw).trim().toLowerCase();
    if (!EMAIL.test(email)) throw new UsageError(`--email: not an email address: "${terminalText(String(raw))}"`);
    if (!out.includes(email)) out.push(email);
  }
  if (out.length === 0) throw new UsageError('give at least one --email');
  return out;
}

function instantOption(name: string, value: string): number {
  const at = toInstant(value);
  if (at === undefined || !/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d\d:?\d\d)$/.test(value)) throw new UsageError(`${name} must be an ISO 8601 date-time with a time zone, like 2026-06-01T17:00:00Z (got "${terminalText(value)}")`);
  return at;
}

/** `--attest sso-login-fails="tested 2026-06-02, IdP log https://..."` */
function parseAttestations(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const id = eq < 0 ? v : v.slice(0, eq);
    const text = eq < 0 ? '' : v.slice(eq + 1).trim();
    if (!MANUAL_ITEM_IDS.includes(id)) throw new UsageError(`--attest: unknown item "${terminalText(id)}"; manual items are ${MANUAL_ITEM_IDS.join(', ')}`);
    if (text === '') throw new UsageError(`--attest ${id}=TEXT: say what was tested and where the evidence is`);
    out[id] = text;
  }
  return out;
}

// The live collection options (credentials come from the environment, never a flag), plus ours.
const { 'lexicon-projects': _lexiconProjectsUnused, lexicon: _lexiconUnused, ...offboardCollectOptions } = collectOptions;

const sourceOptions = {
  ...offboardCollectOptions,
  email: { type: 'string', array: true, demandOption: true, describe: 'The person (repeat for several)' },
  state: { type: 'string', describe: 'A saved state snapshot (JSON or YAML) instead of live collection' },
  roster: { type: 'string', describe: 'The IAM tracker roster (CSV, YAML or JSON): engagement ends, approvers, tickets; with --state it replaces the snapshot\'s' },
  out: { type: 'string', default: DEFAULT_OFFBOARD_OUT, describe: 'Folder for the JSON and HTML documents (and, when live, the state snapshot)' },
  now: { type: 'string', describe: 'Act as of this ISO 8601 time (reproducible documents)' },
  quiet: { type: 'boolean', default: false, describe: 'Print nothing but errors (no progress either)' },
} as const;

/** The runbook reads no Lexicon schema: skip those slow, rate-limited reads (and offer no option for them). */
function withoutLexicon<T extends SourceArgs>(args: T): T {
  return { ...args, 'lexicon-projects': 0 };
}

/** For live collection, the snapshot is written beside the document and the reference names it. */
function namedSnapshot(source: ObtainedState, out: string, base: string): { ref: ObtainedState['ref']; extra: { name: string; content: string }[] } {
  if (source.snapshot === undefined) return { ref: source.ref, extra: [] };
  const name = `${base}-state.json`;
  return { ref: { ...source.ref, file: join(out, name) }, extra: [{ name, content: source.snapshot }] };
}

function planCommand(io: CliIo, result: CommandResult): CommandModule<object, SourceArgs> {
  return {
    command: 'plan',
    describe: 'Document each person\'s current access and what to transfer before removal',
    builder: (y: Argv) => y.options(sourceOptions) as unknown as Argv<SourceArgs>,
    handler: async (args) => {
      assertSingleValued(args);
      const emails = parseEmails(args.email);
      const now = scanTime(args.now, io.now);
      const source = await obtainState(withoutLexicon(args), io, now);
      const outDir = resolve(io.cwd, args.out);
      const base = freshBaseName(outDir, 'plan', formatInstant(now), emails.length > 1 ? `${emails[0]}-and-${emails.length - 1}` : emails[0]!);
      const { ref, extra } = namedSnapshot(source, args.out, base);
      const plan = buildPlan(source.state, ref, emails, now);
      const shownJson = join(args.out, `${base}.json`);
      const written = writeDocument(outDir, base, `${JSON.stringify(plan, null, 2)}\n`, renderPlanHtml(plan, shownJson), extra);
      if (!args.quiet) {
        for (const p of plan.people) {
          const m = p.member ? `${p.member.status}, ${p.member.orgRole}` : 'not a member';
          const todo = p.transfer.filter((t) => t.status === 'todo').length;
          io.stdout(`${terminalText(p.email)}: ${m}; ${p.projects.length} project(s), ${p.teams.length} team(s), ${p.dataViews.length} data view(s), ${p.serviceAccounts.length} service account(s) created; ${todo} item(s) to transfer first\n`);
          for (const sa of p.serviceAccounts) io.stdout(`  service account ${terminalText(sa.username)}: ${sa.projects.map((x) => terminalText(x.projectName ?? x.projectId)).join(', ') || 'no project'}\n`);
        }
        io.stdout(`Plan: ${written.json}, ${written.html}\n`);
      }
      // Without the member list the plan cannot document access: say so, and exit 3 like a scan would.
      const members = plan.people[0]?.sources.find((u) => u.slice === 'members');
      if (members && members.status !== 'ok') io.stderr(`incomplete: ${terminalText(members.reason ?? 'the member list could not be read')}\n`);
      result.exitCode = members?.status === 'ok' ? EXIT.ok : EXIT.incomplete;
    },
  };
}

function verifyCommand(io: CliIo, result: CommandResult): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify',
    describe: 'After removal: check each "Verify Removal" item, write the evidence and append the IAM tracker row',
    builder: (y: Argv) =>
      y.options({
        ...sourceOptions,
        method: { type: 'string', ...anyCase(REMOVAL_METHODS), demandOption: true, describe: 'delete: the member is gone; revoke: kept with the lowest role and no projects' },
        ticket: { type: 'string', describe: 'The authorization (ticket, SOW, request); default: the roster entry\'s' },
        'removed-at': { type: 'string', describe: 'When access was removed (ISO 8601); activity after it fails' },
        plan: { type: 'string', describe: 'The plan JSON from before the removal: shows before and after' },
        tracker: { type: 'string', describe: 'The IAM tracker CSV to append a row per person to (created if absent)' },
        requestor: { type: 'string', describe: 'Who asked for the removal' },
        approver: { type: 'string', describe: 'Who approved it; default: the roster entry\'s' },
        administrator: { type: 'string', describe: 'Who removed the access' },
        justification: { type: 'string', describe: 'Why (engagement completion, contract termination, ...)' },
        attest: { type: 'string', array: true, describe: `Evidence for a manual item, as ID=TEXT (${MANUAL_ITEM_IDS.join(', ')})` },
      }) as unknown as Argv<VerifyArgs>,
    handler: async (args) => {
      assertSingleValued(args);
      const emails = parseEmails(args.email);
      const now = scanTime(args.now, io.now);
      const removedAt = args['removed-at'] === undefined ? undefined : instantOption('--removed-at', args['removed-at']);
      if (removedAt !== undefined && removedAt > now) throw new UsageError(`--removed-at ${terminalText(args['removed-at']!)} is after the verification time ${formatInstant(now)}`);
      const attestations = parseAttestations(args.attest);
      // Everything that can refuse the run is read before anything is written.
      const plan = args.plan === undefined ? undefined : loadPlanFile(resolve(io.cwd, args.plan), args.plan);
      const tracker = args.tracker === undefined ? undefined : openTracker(resolve(io.cwd, args.tracker));
      const source = await obtainState(withoutLexicon(args), io, now);
      if (plan && plan.plan.organization.id !== source.state.organization.id) {
        throw new UsageError(`the plan ${args.plan} is for organization ${terminalText(plan.plan.organization.id)}, the state for ${terminalText(source.state.organization.id)}`);
      }
      const record: RemovalRecord = {
        method: args.method as RemovalMethod,
        ticket: args.ticket ?? null,
        removedAt: removedAt === undefined ? null : formatInstant(removedAt),
        requestor: args.requestor ?? null,
        approver: args.approver ?? null,
        administrator: args.administrator ?? null,
        justification: args.justification ?? null,
      };
      const outDir = resolve(io.cwd, args.out);
      const base = freshBaseName(outDir, 'verify', formatInstant(now), args.ticket ?? emails[0]!);
      const { ref, extra } = namedSnapshot(source, args.out, base);
      const doc = verifyRemoval({ state: source.state, stateRef: ref, emails, now, record, attestations, ...(plan ? { plan } : {}) });
      const written = writeDocument(outDir, base, `${JSON.stringify(doc, null, 2)}\n`, renderVerificationHtml(doc), extra);
      if (tracker) {
        // The tracker cites the evidence relative to itself, so the two can be archived together.
        const cited = relative(dirname(tracker.file), written.json).split(sep).join('/');
        appendToTracker(tracker, trackerRecords(doc, cited, written.sha256));
      }
      if (!args.quiet) {
        for (const p of doc.people) {
          io.stdout(`${terminalText(p.email)}: ${p.result} (${p.counts.pass} pass, ${p.counts.fail} fail, ${p.counts.manual} manual, ${p.counts.error} error)\n`);
          for (const r of p.remaining) io.stdout(`  remaining: ${terminalText(r)}\n`);
          for (const i of p.items.filter((x) => x.status === 'error')) io.stdout(`  error: ${terminalText(i.title)}: ${terminalText(i.summary)}\n`);
          for (const w of p.warnings) io.stdout(`  warning: ${terminalText(w)}\n`);
        }
        io.stdout(`Evidence: ${written.json} (sha256 ${written.sha256}), ${written.html}\n`);
        if (tracker) io.stdout(`Tracker: ${tracker.file} (+${doc.people.length} row${doc.people.length === 1 ? '' : 's'})\n`);
      }
      result.exitCode = exitCodeForResult(doc.result);
    },
  };
}

function noticeCommand(io: CliIo, result: CommandResult): CommandModule<object, NoticeArgs> {
  return {
    command: 'notice',
    describe: 'Render the notification to the collaborator (plain text) from a handlebars template',
    builder: (y: Argv) =>
      y.options({
        email: { type: 'string', demandOption: true, describe: 'The address whose access was removed' },
        name: { type: 'string', demandOption: true, describe: 'The person\'s name' },
        ticket: { type: 'string', demandOption: true, describe: 'The ticket or request the removal followed' },
        date: { type: 'string', describe: 'Removal date (YYYY-MM-DD or ISO date-time); default: today (UTC)' },
        reason: { type: 'string', default: 'the completion of the engagement', describe: 'Why access was removed' },
        'new-owner': { type: 'string', describe: 'Who now looks after the person\'s dashboards and reports' },
        'dispute-contact': { type: 'string', describe: 'Whom to contact if the removal was a mistake' },
        'dispute-days': { type: 'number', default: 5, describe: 'Business days to dispute the removal' },
        template: { type: 'string', describe: 'Your own handlebars template (plain text) instead of the default' },
        out: { type: 'string', describe: 'Write the notice to this file instead of standard output' },
      }) as unknown as Argv<NoticeArgs>,
    handler: (args) => {
      assertSingleValued(args);
      if (Array.isArray(args.email)) throw new UsageError('--email given more than once: a notice goes to one person');
      const [email] = parseEmails([args.email]);
      const days = args['dispute-days'];
      if (!Number.isInteger(days) || days < 0 || days > 60) throw new UsageError('--dispute-days must be a whole number from 0 to 60');
      const date = args.date === undefined ? formatInstant(io.now()).slice(0, 10) : calendarDate(args.date);
      if (date === undefined) throw new UsageError(`--date must be a date like 2026-06-01 (got "${terminalText(args.date ?? '')}")`);
      const templateFile = args.template === undefined ? DEFAULT_NOTICE_TEMPLATE : resolve(io.cwd, args.template);
      const text = renderNotice(readInputText(templateFile), args.template ?? templateFile, {
        name: args.name,
        email: email!,
        date,
        ticket: args.ticket,
        reason: args.reason,
        newOwner: args['new-owner'] ?? null,
        disputeContact: args['dispute-contact'] ?? null,
        disputeDays: days,
        disputeUntil: addBusinessDays(date, days),
      });
      if (args.out === undefined) io.stdout(io.stdoutIsTty ? terminalText(text) : text);
      else {
        const target = resolve(io.cwd, args.out);
        const [path] = writeFilesAtomically(dirname(target), [{ name: target.slice(dirname(target).length + 1), content: text }]);
        io.stdout(`Notice: ${path}\n`);
      }
      result.exitCode = EXIT.ok;
    },
  };
}

/** `offboard plan|verify|notice`: the collaborator-offboarding runbook as commands. */
export function offboardCommand(io: CliIo, result: CommandResult): CommandModule {
  return {
    command: 'offboard',
    describe: 'Collaborator offboarding: plan, verify a removal (evidence + IAM tracker), notify',
    builder: (y: Argv) =>
      y
        .command(planCommand(io, result))
        .command(verifyCommand(io, result))
        .command(noticeCommand(io, result))
        .demandCommand(1, 'Name an action: plan, verify or notice.'),
    handler: () => undefined,
  };
}
