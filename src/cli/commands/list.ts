import type { Argv, CommandModule } from 'yargs';
import type { FrameworkId } from '../../language/check.js';
import { frameworkIds } from '../../policy/catalogs.js';
import { policyOptions, selectPolicies, type PolicyArgs } from '../common-options.js';
import type { CliIo, CommandResult } from '../io.js';
import { anyCase } from '../any-case.js';
import { terminalText } from '../../core/text-safety.js';

interface ListArgs extends PolicyArgs {
  framework?: string;
  json: boolean;
}

/** Lists checks with level, severity and mappings; filter by level (cumulative) or framework. */
export function listCommand(io: CliIo, result: CommandResult): CommandModule<object, ListArgs> {
  return {
    command: 'list',
    describe: 'List checks with level, severity and framework mappings',
    builder: (y: Argv) =>
      y.options({
        ...policyOptions,
        framework: { type: 'string', ...anyCase(frameworkIds()), describe: 'Only checks mapped to this framework' },
        json: { type: 'boolean', default: false, describe: 'Print JSON' },
      }) as unknown as Argv<ListArgs>,
    handler: (args) => {
      const fw = args.framework as FrameworkId | undefined;
      const checks = selectPolicies(args, io.cwd).checks.filter((c) => !fw || (c.frameworks[fw]?.length ?? 0) > 0);
      if (args.json) {
        io.stdout(`${JSON.stringify(checks.map((c) => ({ id: c.id, title: c.title, level: c.level, severity: c.severity, section: c.section, requires: c.requires, frameworks: c.frameworks, ...(c.guideFrameworks ? { guideFrameworks: c.guideFrameworks } : {}), params: c.params ?? {}, ...(c.paramBounds ? { paramBounds: c.paramBounds } : {}) })), null, 2)}\n`);
      } else {
        for (const c of checks) {
          const maps = Object.entries(c.frameworks).filter(([, ids]) => ids?.length).map(([f, ids]) => `${f}: ${ids!.join(',')}`).join('  ');
          io.stdout(`${c.id.padEnd(10)} ${c.level} ${c.severity.padEnd(8)} ${terminalText(c.title)}\n${' '.repeat(23)}${maps}\n`);
        }
        io.stdout(`${checks.length} checks\n`);
      }
      result.exitCode = 0;
    },
  };
}
