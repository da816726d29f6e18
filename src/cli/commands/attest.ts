import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { updateAttestationsText } from '../../attest/attestations-document.js';
import { dueAttestations } from '../../attest/due.js';
import { checkEvidence, withRecordedHash } from '../../attest/evidence-ref.js';
import { existingSections } from '../../attest/existing-sections.js';
import { runSession } from '../../attest/prompt-session.js';
import { sectionItems } from '../../attest/section-items.js';
import { findTargets } from '../../attest/targets.js';
import { processTerminal, type Terminal } from '../../attest/terminal-asker.js';
import { loadAttestations } from '../../collect/inputs/attestations.js';
import { formatInstant, isDuration } from '../../core/duration.js';
import { InputError, UsageError } from '../../core/errors.js';
import { loadStructuredFile, readStructuredText } from '../../core/structured-file.js';
import { plainLine } from '../../core/text-safety.js';
import { writeFilesAtomically } from '../../core/write-atomic.js';
import { loadReportFile } from '../../report/load-report.js';
import { policyOptions, scanTime, selectPolicies, type PolicyArgs } from '../common-options.js';
import type { CliIo, CommandResult } from '../io.js';

interface AttestArgs extends PolicyArgs {
  attestations: string;
  report?: string;
  template: boolean;
  due?: string;
  now?: string;
  json: boolean;
}

export const DEFAULT_DUE_WITHIN = 'P30D';

/**
 * `attest`: writes or updates the attestations file for the checks still `manual` after a scan
 * (`--report`) or, without one, for every check an attestation could decide; on a terminal it asks,
 * otherwise (or with --template) it writes commented drafts to fill in. `attest --due [P30D]` lists
 * attestations that have expired (exit 1) or end within the period (exit 0).
 */
export function attestCommand(io: CliIo, result: CommandResult, terminal: Terminal = processTerminal): CommandModule<object, AttestArgs> {
  return {
    command: 'attest',
    describe: 'Write or update the attestations file for the checks still manual after a scan; --due lists attestations ending soon',
    builder: (y: Argv) =>
      y.options({
        ...policyOptions,
        attestations: { type: 'string', default: 'attestations.yaml', describe: 'The attestations file (YAML) to write or update, or to read with --due' },
        report: { type: 'string', describe: 'report.json of a scan: attest what it left manual, with what it observed' },
        template: { type: 'boolean', default: false, describe: 'Write drafts to fill in, even on a terminal' },
        due: { type: 'string', describe: 'List attestations expired or ending within this period (ISO 8601, default P30D); exit 1 if any expired' },
        now: { type: 'string', describe: 'Judge dates as of this ISO 8601 time' },
        json: { type: 'boolean', default: false, describe: 'With --due: print JSON for scripts' },
      })
        .example('$0 attest --report reports/report.json', 'prompts on a terminal, drafts otherwise, in attestations.yaml')
        .example('$0 attest --due P14D --attestations compliance/attestations.yaml', 'for a scheduled job: exit 1 if one has expired') as unknown as Argv<AttestArgs>,
    handler: async (args) => {
      const file = resolve(io.cwd, args.attestations);
      if (!['.yaml', '.yml'].includes(extname(file).toLowerCase())) throw new UsageError(`attest writes YAML, with comments to guide the person filling it in: give a .yaml file (got ${args.attestations})`);
      const now = scanTime(args.now, io.now);
      const within = args.due === '' ? DEFAULT_DUE_WITHIN : args.due;
      if (within !== undefined && !isDuration(within)) throw new UsageError(`--due takes an ISO 8601 duration like P30D (got "${args.due}")`);
      if (args.json && within === undefined) throw new UsageError('--json goes with --due');
      const selection = selectPolicies(args, io.cwd);
      const opts = { now, maxAttestationAge: selection.maxAttestationAge };
      const exists = existsSync(file);
      const text = exists ? readStructuredText(file) : undefined;
      // The file as it is must be valid: a person's mistake is reported where it is, and nothing is written.
      const loaded = text === undefined ? undefined : loadAttestations(file, formatInstant(now), text);
      const existing = existingSections(loaded, opts);

      if (within !== undefined) {
        if (!loaded) throw new UsageError(`${args.attestations} does not exist: nothing to check`);
        const due = dueAttestations(existing.values(), now, within, selection.maxAttestationAge);
        const name = basename(file);
        result.exitCode = due.some((d) => d.state === 'expired') ? 1 : 0;
        if (args.json) {
          io.stdout(`${JSON.stringify({ file: args.attestations, now: formatInstant(now), within, attestations: due }, null, 2)}\n`);
          return;
        }
        if (due.length === 0) io.stdout(`No attestation in ${name} has expired or ends within ${within}.\n`);
        else io.stdout(`Attestations in ${name} expired or ending within ${within} (as of ${formatInstant(now)}):\n`);
        for (const d of due) {
          const when = d.state === 'expired' ? `ended ${d.ends}` : `ends ${d.ends} (in ${d.daysLeft} day(s))`;
          io.stdout(`  ${d.state.padEnd(8)} ${d.section.padEnd(22)} ${when}, by ${d.by === 'expires' ? 'its expires date' : `the ${selection.maxAttestationAge} age limit`}; attested by ${plainLine(d.attestedBy)}\n`);
        }
        for (const s of existing.values()) {
          const e = await checkEvidence(s.attestation.evidence, file);
          if (e.kind === 'file' && e.state !== 'intact') io.stderr(`warning: the evidence file of section "${s.section}" (${plainLine(e.path)}) ${e.state === 'missing' ? 'cannot be read' : 'no longer matches its recorded sha256'}\n`);
        }
        return;
      }

      const report = args.report ? loadReportFile(resolve(io.cwd, args.report)).report : undefined;
      const attestedOrg = loaded?.organization;
      if (report && attestedOrg && attestedOrg.id !== report.scan.organization.id) {
        const at = loadStructuredFile(file, text).locate('/organization/id');
        throw InputError.at(file, `the attestations are about organization ${attestedOrg.id}, but the report is about organization ${report.scan.organization.id}`, at?.line, at?.column);
      }
      const targets = findTargets(selection.checks, report?.results, existing);
      const items = sectionItems(targets.sections);
      const interactive = !args.template && terminal.interactive(io.stdoutIsTty);
      let attested = new Map<string, Record<string, unknown>>();
      if (interactive && items.length > 0) {
        const asker = terminal.asker(io.stdout);
        try {
          const outcome = await runSession(items.map((i) => i.prompt), {
            today: formatInstant(now).slice(0, 10), maxAge: selection.maxAttestationAge, cwd: io.cwd, attestationsFile: file, say: io.stdout, asker,
          });
          attested = outcome.attested;
          if (outcome.ended) io.stdout('\nEnd of input: the sections finished so far are kept.\n');
        } finally {
          asker.close();
        }
      }
      // A file named as evidence in a filled-in draft gets its sha256 recorded beside its path.
      const evidence = new Map<string, string>();
      for (const s of existing.values()) {
        if (attested.has(s.section)) continue;
        const hashed = await withRecordedHash(s.attestation.evidence, file);
        if (hashed !== undefined) evidence.set(s.section, hashed);
      }
      const update = updateAttestationsText(text, {
        attested,
        evidence,
        drafts: items.map((i) => i.draft),
        replace: new Set(targets.sections.filter((t) => t.renew !== undefined).map((t) => t.section)),
        ...(report && !attestedOrg ? { organization: { id: report.scan.organization.id, name: report.scan.organization.name, region: report.scan.organization.region } } : {}),
      });
      // Validated as `scan --attestations` validates it, before anything is written.
      loadAttestations(file, formatInstant(now), update.text);
      const name = basename(file);
      if (update.text === text) io.stdout(`${name} is up to date: nothing to add.\n`);
      else writeFilesAtomically(dirname(file), [{ name, content: update.text }]);
      if (evidence.size > 0) io.stdout(`Recorded the sha256 of the evidence file of: ${[...evidence.keys()].join(', ')}\n`);
      summarize(io, name, targets, attested, update);
      result.exitCode = 0;
    },
  };
}

function summarize(
  io: CliIo,
  name: string,
  targets: ReturnType<typeof findTargets>,
  attested: ReadonlyMap<string, unknown>,
  update: ReturnType<typeof updateAttestationsText>,
): void {
  const decides = (section: string) => targets.sections.find((t) => t.section === section)?.checks.map((c) => c.id).join(', ') ?? '';
  if (attested.size > 0) io.stdout(`Attested in ${name}: ${[...attested.keys()].map((s) => `${s} (${decides(s)})`).join('; ')}\n`);
  if (update.draftsWritten.length > 0) {
    io.stdout(`Drafts to fill in, in ${name}: ${update.draftsWritten.map((s) => `${s} (${decides(s)})`).join('; ')}\n`);
  }
  if (update.editedDrafts.length > 0) io.stdout(`Left as edited, still commented out: ${update.editedDrafts.join(', ')}\n`);
  if (targets.alreadyAttested.length > 0) io.stdout(`Already attested in ${name}, not in the scan: ${targets.alreadyAttested.join(', ')} (scan again with --attestations ${name})\n`);
  if (targets.unattestable.length > 0) {
    io.stdout(`Manual, and not decided by an attestation (${targets.unattestable.length}):\n`);
    for (const u of targets.unattestable) io.stdout(`  ${u.id} ${plainLine(u.message)}\n`);
  }
  if (targets.sections.length === 0) io.stdout('No check is waiting for an attestation.\n');
  else io.stdout(`Then: mixpanel-hardening scan --attestations ${name} ...\n`);
}
