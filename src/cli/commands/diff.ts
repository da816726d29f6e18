import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { diffReports } from '../../diff/diff-reports.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../../diff/render-diff.js';
import { loadReportFile } from '../../report/load-report.js';
import { EXIT } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { anyCase } from '../any-case.js';

interface DiffArgs {
  old: string;
  new: string;
  format: string;
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
      const oldReport = loadReportFile(resolve(io.cwd, args.old)).report;
      const newReport = loadReportFile(resolve(io.cwd, args.new)).report;
      const diff = diffReports(oldReport, newReport);
      if (!diff.sameOrganization) io.stderr(`warning: ${args.old} and ${args.new} are reports of different organizations\n`);
      io.stdout(renderDiff(diff, args.format as DiffFormat));
      result.exitCode = EXIT.ok;
    },
  };
}
