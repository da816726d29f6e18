import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InputError, type InputProblem } from '../../errors.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../../policy/load-policies.js';
import { runCase } from '../../policy/run-cases.js';
import { loadStateFile } from '../../state/load-state.js';
import type { CliIo, CommandResult } from '../io.js';

interface ValidateArgs {
  policies?: string;
  state?: string[];
  cases: boolean;
}

/** Validates the policy pack (and its own test cases) and any state files, without scanning. */
export function validateCommand(io: CliIo, result: CommandResult): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate',
    describe: 'Validate policies (and run their test cases) and state files',
    builder: (y: Argv) =>
      y.options({
        policies: { type: 'string', describe: 'Folder of check files (default: the bundled policy pack)' },
        state: { type: 'string', array: true, describe: 'State snapshot file(s) to validate' },
        cases: { type: 'boolean', default: true, describe: 'Run every check\'s test cases' },
      }) as unknown as Argv<ValidateArgs>,
    handler: (args) => {
      const dir = args.policies ? resolve(io.cwd, args.policies) : DEFAULT_POLICY_DIR;
      const checks = loadPolicies(dir);
      const problems: InputProblem[] = [];
      let cases = 0;
      if (args.cases) {
        for (const check of checks) {
          for (const c of check.cases) {
            cases++;
            const run = runCase(check, c);
            if (!run.ok) problems.push({ file: `${dir}/${check.id}.yaml`, message: `case "${c.name}": ${run.why}` });
          }
        }
      }
      for (const file of args.state ?? []) loadStateFile(resolve(io.cwd, file));
      if (problems.length > 0) throw new InputError(problems);
      io.stdout(`${checks.length} checks valid${args.cases ? `, ${cases} cases pass` : ''}${args.state?.length ? `; ${args.state.length} state file(s) valid` : ''}\n`);
      result.exitCode = 0;
    },
  };
}
