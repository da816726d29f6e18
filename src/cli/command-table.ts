import type { CommandModule } from 'yargs';
import type { CliIo, CommandResult } from './io.js';

/** Builds one command's full yargs module (options and handler); imported only when it runs. */
type LoadCommand = (io: CliIo, result: CommandResult, argv: readonly string[]) => Promise<CommandModule<object, never>>;

/**
 * One row per command: what `--help` lists, and how to load the rest. Each command module pulls in
 * its own part of the tool (the engine, the collector, the renderers, ajv); loading every one of
 * them for `--version` cost more than the answer. The name and description here must equal the
 * module's own (test/cli/command-table.test.ts holds them together).
 */
export interface CommandEntry {
  /** The first word a user types. */
  readonly name: string;
  /** yargs' command string, with positionals. */
  readonly command: string;
  readonly describe: string;
  readonly load: LoadCommand;
}

/** Erases a command module's argument type: yargs only needs the module's shape here (the one cast). */
const erased = (module: unknown): CommandModule<object, never> => module as CommandModule<object, never>;

export const COMMAND_TABLE: readonly CommandEntry[] = [
  {
    name: 'scan',
    command: 'scan',
    describe: 'Evaluate an organization against the policy pack and write reports',
    load: async (io, result, argv) => erased((await import('./commands/scan.js')).scanCommand(io, result, argv)),
  },
  {
    name: 'collect',
    command: 'collect',
    describe: 'Read the organization from Mixpanel and the supplied files, and save the state snapshot',
    load: async (io, result) => erased((await import('./commands/collect.js')).collectCommand(io, result)),
  },
  {
    name: 'plan',
    command: 'plan',
    describe: 'Preflight: for every check, what will decide it and what is missing, without collecting (at most GET /api/app/me)',
    load: async (io, result) => erased((await import('./commands/plan.js')).planCommand(io, result)),
  },
  {
    name: 'validate',
    command: 'validate',
    describe: 'Validate policies (and run their test cases) and any input file: state, config, exceptions, attestations, members, roster, audit log',
    load: async (io, result) => erased((await import('./commands/validate.js')).validateCommand(io, result)),
  },
  {
    name: 'list',
    command: 'list',
    describe: 'List checks with level, severity and framework mappings',
    load: async (io, result) => erased((await import('./commands/list.js')).listCommand(io, result)),
  },
  {
    name: 'diff',
    command: 'diff <old> <new>',
    describe: 'Compare two report.json files: new and resolved failures, status changes, per framework criterion',
    load: async (io, result) => erased((await import('./commands/diff.js')).diffCommand(io, result)),
  },
  {
    name: 'verify-evidence',
    command: 'verify-evidence <dir>',
    describe: 'Check an evidence bundle against its manifest: exit 0 intact, 1 changed',
    load: async (io, result) => erased((await import('./commands/verify-evidence.js')).verifyEvidenceCommand(io, result)),
  },
  {
    name: 'offboard',
    command: 'offboard',
    describe: 'Collaborator offboarding: plan, verify a removal (evidence + IAM tracker), notify',
    load: async (io, result) => erased((await import('./commands/offboard.js')).offboardCommand(io, result)),
  },
  {
    name: 'attest',
    command: 'attest',
    describe: 'Write or update the attestations file for the checks still manual after a scan; --due lists attestations ending soon',
    load: async (io, result) => erased((await import('./commands/attest.js')).attestCommand(io, result)),
  },
];

/**
 * The commands a command line may run: every table name that appears as a word in it. yargs picks
 * the command from the first positional, which a value-taking global option (`--color always scan`)
 * makes hard to find without parsing; loading a command too many only costs time, and one too few
 * cannot happen, since the command yargs picks is a word of the line.
 */
export function commandsNamedIn(argv: readonly string[]): Set<string> {
  const words = new Set(argv);
  return new Set(COMMAND_TABLE.filter((c) => words.has(c.name)).map((c) => c.name));
}
