import type { Argv, CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { renderVerification, verifyBundle } from '../../evidence/verify.js';
import type { CliIo, CommandResult } from '../io.js';

interface VerifyArgs {
  dir: string;
  json: boolean;
}

/** Recomputes every hash of an evidence bundle: exit 0 intact, 1 not (each changed, missing or extra file named). */
export function verifyEvidenceCommand(io: CliIo, result: CommandResult): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify-evidence <dir>',
    describe: 'Check an evidence bundle against its manifest: exit 0 intact, 1 changed',
    builder: (y: Argv) =>
      y
        .positional('dir', { type: 'string', describe: 'The evidence bundle folder (holds manifest.json)' })
        .options({ json: { type: 'boolean', default: false, describe: 'Print the verification as JSON' } }) as unknown as Argv<VerifyArgs>,
    handler: (args) => {
      const v = verifyBundle(resolve(io.cwd, args.dir));
      const shown = { ...v, dir: args.dir };
      io.stdout(args.json ? `${JSON.stringify(shown, null, 2)}\n` : renderVerification(shown));
      result.exitCode = v.intact ? 0 : 1;
    },
  };
}
