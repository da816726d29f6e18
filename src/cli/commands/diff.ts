import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { diffReports } from '../../diff/diff-reports.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../../diff/render-diff.js';
import { InputError } from '../../core/errors.js';
import { readInputText } from '../../core/structured-file.js';
import { loadReportFile, type LoadedReport } from '../../report/load-report.js';
import { EXIT } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { anyCase } from '../any-case.js';

interface DiffArgs {
  old: string;
  new: string;
  format: string;
}

/**
 * A side of the diff. A file that is not a scan report at all (an HTML or SARIF report, a state
 * snapshot, a YAML file) is named as such, instead of the schema or YAML errors it would give;
 * a report.json that is damaged still gets its file:line:col problems.
 */
function loadReportArgument(cwd: string, given: string): LoadedReport {
  const file = resolve(cwd, given);
  const text = readInputText(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    parsed = undefined;
  }
  const tool = (parsed as { tool?: { name?: unknown } } | undefined)?.tool;
  if (typeof parsed !== 'object' || parsed === null || tool?.name !== 'mixpanel-hardening') {
    const what = parsed === undefined ? 'it is not JSON' : 'it has no "tool": { "name": "mixpanel-hardening" }';
    throw new InputError([{ file: given, message: `not a report.json written by mixpanel-hardening scan (${what}); diff compares two report.json files` }]);
  }
  return loadReportFile(file);
}

/** Drift between two reports: new and resolved failures, status changes, checks added or removed, criteria. */
export function diffCommand(io: CliIo, result: CommandResult): CommandModule<object, DiffArgs> {
  return {
    command: 'diff <old> <new>',
    describe: 'Compare two report.json files: new and resolved failures, status changes, per framework criterion',
    builder: (y: Argv) =>
      y
        .positional('old', { type: 'string', describe: 'The earlier report.json' })
        .positional('new', { type: 'string', describe: 'The later report.json' })
        .options({
          format: { type: 'string', ...anyCase(DIFF_FORMATS), default: 'text', describe: 'Output: text, json or md (Markdown for job summaries and PR comments)' },
        }) as unknown as Argv<DiffArgs>,
    handler: (args) => {
      // Both reports are validated first: a diff against a malformed file is exit 2 with file:line:col.
      const oldReport = loadReportArgument(io.cwd, args.old).report;
      const newReport = loadReportArgument(io.cwd, args.new).report;
      const diff = diffReports(oldReport, newReport);
      if (!diff.sameOrganization) io.stderr(`warning: ${args.old} and ${args.new} are reports of different organizations\n`);
      io.stdout(renderDiff(diff, args.format as DiffFormat));
      result.exitCode = EXIT.ok;
    },
  };
}
