import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { writeFilesAtomically } from '../../io/write-atomic.js';
import { packagePath } from '../../paths.js';
import { consoleSummary, colorFor } from '../../report/console-summary.js';
import { formatNames } from '../../report/formats.js';
import { DEFAULT_HTML_OPTIONS } from '../../report/render-html.js';
import { loadStateFile, type LoadedState } from '../../state/load-state.js';
import { policyOptions, scanTime, selectPolicies, type PolicyArgs } from '../common-options.js';
import { exitCodeFor, FAIL_ON_CHOICES, type FailOn } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { assertReportValid, evaluateToReport, renderFormats } from '../scan-pipeline.js';

export const DEMO_STATE = packagePath('demo', 'org-state.json');

export interface ScanArgs extends PolicyArgs {
  state?: string;
  demo?: boolean;
  format: string;
  out: string;
  now?: string;
  'fail-on': string;
  'allow-incomplete': boolean;
  quiet: boolean;
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

async function loadState(args: ScanArgs, io: CliIo): Promise<LoadedState> {
  if (args.state && args.demo) throw new UsageError('give either --state or --demo, not both');
  if (args.demo) return loadStateFile(DEMO_STATE);
  if (args.state) return loadStateFile(resolve(io.cwd, args.state));
  throw new UsageError('live collection is not available in this build: give --state FILE or --demo');
}

export function scanCommand(io: CliIo, result: CommandResult): CommandModule<object, ScanArgs> {
  return {
    command: 'scan',
    describe: 'Evaluate an organization against the policy pack and write reports',
    builder: (y: Argv) =>
      y.options({
        ...policyOptions,
        state: { type: 'string', describe: 'Evaluate a saved state snapshot (JSON or YAML) offline' },
        demo: { type: 'boolean', describe: 'Evaluate the bundled demo organization' },
        format: { type: 'string', default: 'json,html', describe: `Comma-separated formats: ${formatNames().join(', ')}, or all` },
        out: { type: 'string', default: 'reports', describe: 'Output folder' },
        now: { type: 'string', describe: 'Evaluate as of this ISO 8601 time (reproducible reports)' },
        'fail-on': { type: 'string', choices: FAIL_ON_CHOICES as unknown as string[], default: 'low', describe: 'Exit 1 when a failure of this severity or higher is found' },
        'allow-incomplete': { type: 'boolean', default: false, describe: 'Do not exit 3 when a source could not be read' },
        quiet: { type: 'boolean', default: false, describe: 'Print nothing but errors' },
      }) as unknown as Argv<ScanArgs>,
    handler: async (args) => {
      const formats = parseFormats(args.format);
      const now = scanTime(args.now, io.now);
      const selection = selectPolicies(args, io.cwd);
      const loaded = await loadState(args, io);
      const report = evaluateToReport({
        checks: selection.checks,
        state: loaded.state,
        stateSha256: loaded.sha256,
        now,
        level: selection.level,
        ...(selection.config.params ? { params: selection.config.params } : {}),
        maxAttestationAge: selection.maxAttestationAge,
      });
      assertReportValid(report);
      const files = renderFormats(report, formats, { html: { ...DEFAULT_HTML_OPTIONS, ...selection.config.html } });
      const written = writeFilesAtomically(resolve(io.cwd, args.out), files);
      if (!args.quiet) {
        io.stdout(consoleSummary(report, colorFor(io.env, io.stdoutIsTty)));
        io.stdout(`Reports: ${written.join(', ')}\n`);
      }
      result.exitCode = exitCodeFor(report, { failOn: args['fail-on'] as FailOn, allowIncomplete: args['allow-incomplete'] });
    },
  };
}
