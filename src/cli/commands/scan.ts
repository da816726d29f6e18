import { lstatSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { stageFiles } from '../../core/write-atomic.js';
import { assertBundleTarget, planBundle, stageBundle, type StagedBundle } from '../../evidence/bundle.js';
import { evidenceInputs, evidenceTarget } from '../../evidence/scan-evidence.js';
import { loadExceptionsFile } from '../../exceptions/load-exceptions.js';
import { exceptionWarnings } from '../../exceptions/warnings.js';
import { DEFAULT_POLICY_DIR } from '../../policy/load-policies.js';
import { loadReportFile } from '../../report/load-report.js';
import { packagePath } from '../../core/paths.js';
import { consoleSummary } from '../../report/console-summary.js';
import { chalkFor, colorMode } from '../color.js';
import { anyCase } from '../any-case.js';
import { formatNames, staleReportFiles } from '../../report/formats.js';
import { DEFAULT_HTML_OPTIONS } from '../../report/render-html.js';
import { loadStateFile, type LoadedState } from '../../state/load-state.js';
import { collectionTime, dataAfterNow } from '../../state/data-clock.js';
import { formatInstant } from '../../core/duration.js';
import type { ScanClock } from '../../report/report.js';
import { collectFromArgv, collectOptions, type CollectArgs } from '../../collect/cli-options.js';
import { policyOptions, scanTime, selectPolicies, type PolicyArgs } from '../common-options.js';
import type { ScanConfig } from '../../policy/config.js';
import { exitCodeFor, FAIL_ON_CHOICES, type FailOn } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { assertUsableFolder } from '../output-folder.js';
import { assertReportValid, evaluateToReport, renderFormats } from '../../pipeline/scan-pipeline.js';
import { saveSnapshot } from '../../pipeline/snapshot.js';
import { keepRun, nextRunName, readHistoryFolder } from '../../history/history-dir.js';
import { DEFAULT_HISTORY_RUNS } from '../../history/run-history.js';
import { terminalText } from '../../core/text-safety.js';

export const DEMO_STATE = packagePath('demo', 'org-state.json');

export interface ScanArgs extends PolicyArgs {
  state?: string;
  demo?: boolean;
  format: string;
  out: string;
  now?: string;
  'allow-now-before-snapshot': boolean;
  'fail-on': string;
  'allow-incomplete': boolean;
  quiet: boolean;
  exceptions?: string;
  baseline?: string;
  'fail-on-new': boolean;
  /** A folder, or false for --no-evidence. */
  evidence?: string | false;
  /** The global --color (false for --no-color). */
  color?: string | boolean;
  history?: string;
}

export function parseFormats(list: string): string[] {
  const known = formatNames();
  const names = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all')) return known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${known.join(', ')} or all`);
  if (names.length === 0) throw new UsageError('--format needs at least one format');
  return [...new Set(names)];
}

/**
 * The state a scan evaluates: a snapshot loaded as it is, or (live) collected at the run's one clock
 * and saved beside the reports as evidence, so `scan --state <out>/state.json` later reproduces the
 * same report. Collection reads the same instant the checks are evaluated at (`--now` too).
 */
async function obtainState(args: ScanArgs, io: CliIo, now: number, config: ScanConfig): Promise<LoadedState> {
  if (args.demo) return loadStateFile(DEMO_STATE);
  if (args.state) return loadStateFile(resolve(io.cwd, args.state));
  const collected = await collectFromArgv({
    ...(args as unknown as CollectArgs),
    ...(config.members?.columns === undefined ? {} : { memberColumns: config.members.columns }),
  }, io, now);
  return saveSnapshot(join(resolve(io.cwd, args.out), 'state.json'), collected);
}

/**
 * A `--now` before the snapshot was collected judges data from its own future: an expiry already
 * past at collection can look still ahead, and checks flip from fail to pass. Refused (exit 2)
 * unless --allow-now-before-snapshot says it is meant; then the report records it.
 */
function scanClock(args: ScanArgs, loaded: LoadedState, snapshot: boolean, given: number | undefined): ScanClock {
  const collected = snapshot && given !== undefined ? collectionTime(loaded.state) : undefined;
  if (collected === undefined || given === undefined || given >= collected) return {};
  const collectedAt = formatInstant(collected);
  if (!args['allow-now-before-snapshot']) {
    throw new UsageError(`--now ${formatInstant(given)} is before the snapshot was collected (${collectedAt}): checks would judge data from their own future. `
      + 'Give a --now at or after the collection, or add --allow-now-before-snapshot to evaluate it anyway (the report records it)');
  }
  return { nowBeforeCollection: { collectedAt, allowedBy: '--allow-now-before-snapshot' } };
}

function clockWarnings(clock: ScanClock, now: string): string[] {
  const out: string[] = [];
  if (clock.nowBeforeCollection) out.push(`evaluated as of ${now}, before the snapshot was collected (${clock.nowBeforeCollection.collectedAt}); recorded in report.json scan.clock`);
  const after = clock.dataAfterNow;
  if (after) out.push(`${after.count} timestamp(s) of past events are later than the scan's clock ${now} (latest ${after.latest}, first at ${after.examples[0]}); recorded in report.json scan.clock`);
  return out;
}

/**
 * The output-folder rule: a scan's reports replace the previous run's as a set. Once this run's
 * files are in place, the report files of formats it did not write are removed, so `--format all`
 * then `--format json` leaves report.json alone, not a stale report.html beside it. Only names a
 * format owns are touched (never state.json, the evidence folder or anything else there), and only
 * files: a folder in the way is left for the user.
 */
function removeStaleReports(outDir: string, formats: readonly string[]): void {
  for (const name of staleReportFiles(formats)) {
    const path = join(outDir, name);
    let isDir = false;
    try {
      isDir = lstatSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) rmSync(path, { force: true });
  }
}

/** `argv` is the command line as given, recorded (secrets redacted) in the evidence manifest. */
export function scanCommand(io: CliIo, result: CommandResult, argv: readonly string[] = []): CommandModule<object, ScanArgs> {
  return {
    command: 'scan',
    describe: 'Evaluate an organization against the policy pack and write reports',
    builder: (y: Argv) =>
      y.options({
        ...collectOptions,
        ...policyOptions,
        state: { type: 'string', describe: 'Evaluate a saved state snapshot (JSON or YAML) offline' },
        demo: { type: 'boolean', describe: 'Evaluate the bundled demo organization' },
        format: { type: 'string', default: 'json,html', describe: `Comma-separated formats: ${formatNames().join(', ')}, or all` },
        out: { type: 'string', default: 'reports', describe: 'Output folder' },
        now: { type: 'string', describe: 'Evaluate as of this ISO 8601 time (reproducible reports); in a live scan, also the collection\'s clock' },
        'allow-now-before-snapshot': {
          type: 'boolean', default: false,
          describe: 'With --state or --demo: accept a --now earlier than the snapshot was collected (recorded in the report)',
        },
        'fail-on': { type: 'string', ...anyCase(FAIL_ON_CHOICES), default: 'low', describe: 'Exit 1 when a failure of this severity or higher is found' },
        'allow-incomplete': { type: 'boolean', default: false, describe: 'Do not exit 3 when a source could not be read' },
        quiet: { type: 'boolean', default: false, describe: 'Print nothing but errors' },
        exceptions: { type: 'string', describe: 'Exceptions file (YAML): risk-accepted findings with owner, justification and expiry' },
        baseline: { type: 'string', describe: 'An earlier report.json: mark each failure new or existing' },
        'fail-on-new': { type: 'boolean', default: false, describe: 'Gate only on failures that are new since --baseline' },
        evidence: { type: 'string', describe: 'Evidence bundle folder (default <out>/evidence; --no-evidence for none)' },
        history: { type: 'string', describe: `Keep each run's report.json in this folder (named by scan time) and show the last ${DEFAULT_HISTORY_RUNS} runs in the report` },
      })
        // Grouped as a reader looks for them; an option added later without a group shows under "Options".
        .group(['demo', 'state', 'attestations', 'members', 'roster', 'audit-log', 'lexicon', 'exceptions', 'baseline', 'config', 'policies'], 'Inputs:')
        .group(['region', 'organization-id', 'api-base-url', 'credentials-file', 'audit-window', 'experimental-endpoints', 'concurrency', 'timeout', 'max-response-bytes', 'max-collection-time', 'lexicon-projects'], 'Collection (live scans):')
        .group(['format', 'out', 'evidence', 'now', 'allow-now-before-snapshot', 'history', 'quiet'], 'Outputs:')
        .group(['level', 'fail-on', 'fail-on-new', 'allow-incomplete'], 'Gates:')
        .example('$0 scan --demo --format all --out reports/demo', 'the bundled demo organization, every format')
        .example('$0 scan --attestations att.yaml --members users.csv --roster roster.yaml --out reports', 'live: credentials from MIXPANEL_SERVICE_ACCOUNT_USERNAME/_SECRET')
        .example('$0 scan --state reports/state.json --now 2026-06-01T00:00:00Z --format sarif,junit', 'offline, reproducible')
        .example('$0 scan --state state.json --baseline last/report.json --fail-on-new --fail-on high', 'gate on new high or critical failures only') as unknown as Argv<ScanArgs>,
    handler: async (args) => {
      const formats = parseFormats(args.format);
      if (args['fail-on-new'] && !args.baseline) throw new UsageError('--fail-on-new needs --baseline OLD.json to know what is new');
      const evidenceDir = evidenceTarget(args.evidence, args.out, io.cwd);
      assertUsableFolder(resolve(io.cwd, args.out), '--out', args.out);
      if (evidenceDir) assertUsableFolder(evidenceDir, '--evidence', typeof args.evidence === 'string' ? args.evidence : evidenceDir);
      const selection = selectPolicies(args, io.cwd);
      // Every supplied file is loaded and validated before any network call (exit 2 on a bad one).
      const exceptions = args.exceptions ? loadExceptionsFile(resolve(io.cwd, args.exceptions), selection.config.exceptions?.maxDuration) : undefined;
      const baseline = args.baseline ? loadReportFile(resolve(io.cwd, args.baseline)) : undefined;
      const history = args.history ? readHistoryFolder(resolve(io.cwd, args.history), DEFAULT_HISTORY_RUNS) : undefined;
      // Refused targets are refused before anything is collected or written.
      if (evidenceDir) assertBundleTarget(evidenceDir);
      if (args.state && args.demo) throw new UsageError('give either --state or --demo, not both');
      const snapshot = args.state !== undefined || args.demo === true;
      if (args['allow-now-before-snapshot'] && !snapshot) throw new UsageError('--allow-now-before-snapshot applies to --state or --demo; a live scan collects at its own --now');
      // Read once (and checked before any file is read or request sent): the run's one clock.
      const given = args.now === undefined ? undefined : scanTime(args.now, io.now);
      const wall = given ?? io.now();
      const loaded = await obtainState(args, io, wall, selection.config);
      // The demo is a fixed snapshot: evaluated against today's clock its dates would drift and its
      // findings change from day to day. Unless --now says otherwise, it is evaluated as of its own time.
      const demoClock = args.demo && given === undefined;
      const now = demoClock ? Date.parse(loaded.state.generatedAt) : wall;
      if (demoClock && !args.quiet) io.stdout(`Demo organization evaluated as of its snapshot time ${loaded.state.generatedAt} (set --now to change).\n`);
      const clock = scanClock(args, loaded, snapshot, given);
      const after = dataAfterNow(loaded.state, now);
      if (after) clock.dataAfterNow = after;
      const runName = history ? nextRunName(history, formatInstant(now)) : undefined;
      // Evaluated, then every post-step's part assembled into the report once (src/pipeline).
      const report = evaluateToReport({
        checks: selection.checks,
        state: loaded.state,
        stateSha256: loaded.sha256,
        now,
        level: selection.level,
        ...(selection.config.params ? { params: selection.config.params } : {}),
        maxAttestationAge: selection.maxAttestationAge,
        clock,
        ...(exceptions ? { exceptions } : {}),
        ...(baseline ? { baseline: { report: baseline.report, sha256: baseline.sha256 } } : {}),
        ...(history && runName ? { history: { runName, runs: history.runs, ignored: history.ignored } } : {}),
      });
      assertReportValid(report);
      const renderOpts = { html: { ...DEFAULT_HTML_OPTIONS, ...selection.config.html } };
      const files = renderFormats(report, formats, renderOpts);
      // report.json is rendered once: the bundle and the history keep these very bytes.
      const reportJson = files.find((f) => f.name === 'report.json') ?? (evidenceDir || history ? renderFormats(report, ['json'], renderOpts)[0] : undefined);
      // Reports and bundle are both written in full before either replaces anything, so a failure
      // (a full disk) leaves the previous run's reports beside the previous run's bundle.
      const stagedReports = stageFiles(resolve(io.cwd, args.out), files);
      let evidenceSha: string | undefined;
      if (evidenceDir) {
        // The bundle always holds report.json, the single source the other formats are rendered from.
        const reports = formats.includes('json') || !reportJson ? files : [reportJson, ...files];
        const policyDir = args.policies ? resolve(io.cwd, args.policies) : DEFAULT_POLICY_DIR;
        const inputs = evidenceInputs(args as unknown as Record<string, unknown>, io.cwd);
        const plan = planBundle({ report, argv, stateFile: loaded.file, policies: { dir: policyDir, checkIds: selection.checks.map((c) => c.id) }, inputs, reports });
        let bundle: StagedBundle;
        try {
          bundle = stageBundle(evidenceDir, plan);
        } catch (err) {
          stagedReports.abort();
          throw err;
        }
        // The bundle goes first: should the reports' renames then fail, new evidence sits beside old
        // reports, which verify-evidence reports (it compares the reports beside a bundle with its own).
        try {
          bundle.commit();
        } catch (err) {
          stagedReports.abort();
          throw err;
        }
        evidenceSha = bundle.sha256;
      }
      const written = stagedReports.commit();
      removeStaleReports(resolve(io.cwd, args.out), formats);
      // The run is kept last, byte for byte the report.json of this scan, once everything else is written.
      const kept = history && runName && reportJson ? keepRun(history.dir, runName, reportJson.content.toString()) : undefined;
      if (!args.quiet) {
        io.stdout(consoleSummary(report, chalkFor(colorMode(args.color), io.env, io.stdoutIsTty)));
        io.stdout(`Reports: ${written.join(', ')}\n`);
        if (report.scan.baseline) {
          const fresh = report.results.filter((r) => r.change === 'new').length;
          io.stdout(`Since the baseline of ${report.scan.baseline.now}: ${fresh} new failing check(s), ${report.results.filter((r) => r.change === 'existing').length} existing\n`);
        }
        if (kept) io.stdout(`History: ${kept} (${report.history!.runs.length} run(s) shown)\n`);
        if (evidenceDir) io.stdout(`Evidence: ${evidenceDir} (manifest sha256 ${evidenceSha}; check with verify-evidence)\n`);
        for (const w of exceptionWarnings(report)) io.stderr(`warning: ${terminalText(w)}\n`);
        for (const w of clockWarnings(clock, formatInstant(now))) io.stderr(`warning: ${terminalText(w)}\n`);
      }
      result.exitCode = exitCodeFor(report, { failOn: args['fail-on'] as FailOn, allowIncomplete: args['allow-incomplete'], onlyNew: args['fail-on-new'] });
    },
  };
}
