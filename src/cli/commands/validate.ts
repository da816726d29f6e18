import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadInputs } from '../../collect/inputs/load-inputs.js';
import { formatInstant } from '../../core/duration.js';
import { InputError, type InputProblem } from '../../core/errors.js';
import { loadExceptionsFile } from '../../exceptions/load-exceptions.js';
import { checkConfigAgainstPolicies, loadConfig, type ScanConfig } from '../../policy/config.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../../policy/load-policies.js';
import { runCase } from '../../policy/run-cases.js';
import { loadStateFile } from '../../state/load-state.js';
import type { CliIo, CommandResult } from '../io.js';

interface ValidateArgs {
  policies?: string;
  state?: string[];
  cases: boolean;
  config?: string;
  exceptions?: string;
  attestations?: string;
  members?: string;
  roster?: string;
  'audit-log'?: string;
}

/** Collects the problems of one loader, so that every file's problems are reported in one run. */
function attempt(problems: InputProblem[], load: () => unknown): boolean {
  try {
    load();
    return true;
  } catch (err) {
    if (err instanceof InputError) {
      problems.push(...err.problems);
      return false;
    }
    throw err;
  }
}

/**
 * Validates, without scanning or any network call, every file a scan reads: the policy pack (and
 * its own test cases), state snapshots, the config (against the policies), the exceptions register,
 * attestations, the members export, the roster and the audit-log export. All problems of all files
 * are printed at once with file:line:col (exit 2); each valid file is named.
 */
export function validateCommand(io: CliIo, result: CommandResult): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate',
    describe: 'Validate policies (and run their test cases) and any input file: state, config, exceptions, attestations, members, roster, audit log',
    builder: (y: Argv) =>
      y.options({
        policies: { type: 'string', describe: 'Folder of check files (default: the bundled policy pack)' },
        state: { type: 'string', array: true, describe: 'State snapshot file(s) to validate' },
        cases: { type: 'boolean', default: true, describe: 'Run every check\'s test cases' },
        config: { type: 'string', describe: 'Config file (checked against the policies)' },
        exceptions: { type: 'string', describe: 'Exceptions file (YAML)' },
        attestations: { type: 'string', describe: 'Attestations file (YAML)' },
        members: { type: 'string', describe: 'Members CSV export' },
        roster: { type: 'string', describe: 'Roster (CSV or YAML)' },
        'audit-log': { type: 'string', describe: 'Audit-log export (NDJSON or CSV)' },
      }) as unknown as Argv<ValidateArgs>,
    handler: (args) => {
      const dir = args.policies ? resolve(io.cwd, args.policies) : DEFAULT_POLICY_DIR;
      const checks = loadPolicies(dir);
      const problems: InputProblem[] = [];
      const valid: string[] = [];
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
      const path = (p: string) => resolve(io.cwd, p);
      for (const file of args.state ?? []) if (attempt(problems, () => loadStateFile(path(file)))) valid.push(`state ${file}`);
      let maxExceptionDuration: string | undefined;
      let memberColumns: NonNullable<ScanConfig['members']>['columns'];
      if (args.config) {
        const ok = attempt(problems, () => {
          const loaded = loadConfig(path(args.config!));
          checkConfigAgainstPolicies(args.config!, loaded, checks);
          maxExceptionDuration = loaded.config.exceptions?.maxDuration;
          memberColumns = loaded.config.members?.columns;
        });
        if (ok) valid.push(`config ${args.config}`);
      }
      if (args.exceptions && attempt(problems, () => loadExceptionsFile(path(args.exceptions!), maxExceptionDuration))) valid.push(`exceptions ${args.exceptions}`);
      // The collected files, with the same loader (and checks) a live scan uses.
      const collectedAt = formatInstant(io.now());
      for (const [kind, file] of [['attestations', args.attestations], ['members', args.members], ['roster', args.roster], ['auditLog', args['audit-log']]] as const) {
        if (file === undefined) continue;
        const warnings: string[] = [];
        const load = () => warnings.push(...(loadInputs({ [kind]: path(file), ...(kind === 'members' && memberColumns !== undefined ? { memberColumns } : {}) }, collectedAt).members?.warnings ?? []));
        if (attempt(problems, load)) valid.push(`${kind === 'auditLog' ? 'audit log' : kind} ${file}`);
        for (const w of warnings) io.stderr(`warning: ${w}\n`);
      }
      if (problems.length > 0) throw new InputError(problems);
      io.stdout(`${checks.length} checks valid${args.cases ? `, ${cases} cases pass` : ''}\n`);
      for (const v of valid) io.stdout(`valid: ${v}\n`);
      result.exitCode = 0;
    },
  };
}
