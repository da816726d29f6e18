import yargs from 'yargs';
import { ExitError, InputError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/paths.js';
import { terminalText } from '../core/text-safety.js';
import { COMMAND_TABLE, commandsNamedIn } from './command-table.js';
import { EXIT } from './gates.js';
import { colorOption } from './color-option.js';
import { nameACommand, withOptionSuggestions } from './suggest.js';
import { redactingIo, type CliIo, type CommandResult } from './io.js';

const EPILOGUE = `Exit codes:
  0  completed; no failure at or above --fail-on (with --fail-on-new: no new one); verify-evidence: intact
  1  failures at or above --fail-on (default: any failure); verify-evidence: the bundle changed
  2  bad usage or bad input (policy, state, attestation, CSV): file:line:col messages, nothing written
  3  scan incomplete: a source could not be read, so some checks are error (unless --allow-incomplete)
  4  internal error`;

/** What the fail handler reads of yargs beyond its typings: the registered commands and the options in scope. */
interface ParserInternals {
  getInternalMethods(): { getUsageInstance(): { getCommands(): [string, ...unknown[]][]; cacheHelpMessage(): void } };
  getOptions(): { key: Record<string, unknown> };
}

/** Replaced, when yargs reports it, by a message naming every registered command. */
const NO_COMMAND = 'no command';

/**
 * Builds the parser; the command handlers record their exit code in `result`. Only the commands
 * named on the line are loaded (command-table.ts); the others are registered by name and
 * description alone, which is all `--help` and `--version` read of them.
 */
export async function buildParser(io: CliIo, result: CommandResult, argv: readonly string[] = []) {
  const named = commandsNamedIn(argv);
  // A stub's handler cannot run (its name is not on the line); if it ever did, it fails loudly.
  const stub = (c: (typeof COMMAND_TABLE)[number]) => ({
    command: c.command,
    describe: c.describe,
    handler: () => {
      throw new Error(`command ${c.name} was not loaded`);
    },
  });
  const commands = await Promise.all(COMMAND_TABLE.map((c) => (named.has(c.name) ? c.load(io, result, argv) : Promise.resolve(stub(c)))));
  let parser = yargs().scriptName('mixpanel-hardening').usage('$0 <command> [options]');
  for (const c of commands) parser = parser.command(c);
  // After starting a command's handler yargs formats that command's whole help page and keeps it,
  // for a later showHelp() the tool never calls: three quarters of the CPU of a short command.
  // --help formats its page when asked, as before.
  // An internal method: should a yargs release drop it, nothing breaks but this saving.
  const usage = (parser as unknown as ParserInternals).getInternalMethods().getUsageInstance();
  if (typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
  return parser
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of internal errors' })
    .option('color', colorOption)
    .demandCommand(1, NO_COMMAND)
    .recommendCommands()
    .strict()
    .epilogue(EPILOGUE)
    .version(TOOL_VERSION)
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false);
}

/**
 * Runs the CLI and returns the exit code. Everything it and the commands print goes through a
 * redacting sink (io.ts). Every error ends here: input errors print their
 * file:line:col problems (exit 2), other known errors their message, unknown errors a one-line
 * message (stack only with --debug) and exit 4.
 */
export async function run(argv: string[], given: CliIo): Promise<number> {
  // The one output sink: every command, and this function's own error lines, write through it.
  const io = redactingIo(given);
  const result: CommandResult = { exitCode: EXIT.ok };
  const debug = argv.includes('--debug');
  let usageMessage: string | undefined;
  try {
    const parser = await buildParser(io, result, argv);
    parser.fail((msg, err) => {
      if (err) throw err;
      // Name every command, and suggest the option meant by a mistyped one.
      const internals = parser as unknown as ParserInternals;
      const commands = internals.getInternalMethods().getUsageInstance().getCommands().map((c) => c[0]);
      const shown = msg === NO_COMMAND ? nameACommand(commands) : withOptionSuggestions(msg, Object.keys(internals.getOptions().key));
      usageMessage = shown;
      throw new ExitError(shown, EXIT.usage);
    });
    let helpOutput = '';
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      helpOutput = output;
    });
    if (helpOutput) io.stdout(`${helpOutput}\n`);
    return result.exitCode;
  } catch (err) {
    // Messages quote input files and server answers: strip escape sequences before a terminal sees them.
    if (err instanceof InputError) {
      io.stderr(`error: invalid input\n${terminalText(err.message)}\n`);
      return err.exitCode;
    }
    if (err instanceof ExitError) {
      io.stderr(`error: ${terminalText(err.message)}\n${usageMessage ? 'Run with --help for usage.\n' : ''}`);
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr(`internal error: ${terminalText(e.message)}\n${debug && e.stack ? `${terminalText(e.stack)}\n` : 'Run again with --debug for details.\n'}`);
    return EXIT.internal;
  }
}
