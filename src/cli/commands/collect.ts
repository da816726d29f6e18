import { dirname, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { collectFromArgv, collectOptions, type CollectArgs } from '../../collect/cli-options.js';
import { saveSnapshot } from '../../pipeline/snapshot.js';
import { loadConfig } from '../../policy/config.js';
import type { SliceName } from '../../state/org-state.js';
import { EXIT } from '../gates.js';
import type { CliIo, CommandResult } from '../io.js';
import { assertUsableFolder } from '../output-folder.js';

interface CollectCommandArgs extends CollectArgs {
  out: string;
  config?: string;
  'allow-incomplete': boolean;
}

/**
 * `collect --out state.json`: reads the organization live, merges the supplied files, and writes
 * the snapshot alone (atomically: a crash leaves the old file or none, never half of one), for a
 * later `scan --state`. Prints `<sha256>  <path>` on stdout, the form `sha256sum -c` checks; the
 * reports of a later scan cite the same digest. Exit 3 when a slice could not be read (the snapshot
 * is still written, each unreadable slice with its reason), unless --allow-incomplete.
 */
export function collectCommand(io: CliIo, result: CommandResult): CommandModule<object, CollectCommandArgs> {
  return {
    command: 'collect',
    describe: 'Read the organization from Mixpanel and the supplied files, and save the state snapshot',
    builder: (y: Argv) =>
      y.options({
        ...collectOptions,
        out: { type: 'string', default: 'state.json', describe: 'Snapshot file to write (JSON)' },
        config: { type: 'string', describe: 'Config file (YAML/JSON); collect reads its members.columns (how the members export names its columns)' },
        'allow-incomplete': { type: 'boolean', default: false, describe: 'Do not exit 3 when a source could not be read' },
      }) as unknown as Argv<CollectCommandArgs>,
    handler: async (args) => {
      assertUsableFolder(dirname(resolve(io.cwd, args.out)), '--out', args.out);
      // The config's other settings are about evaluation; collection reads only the members columns.
      const columns = args.config === undefined ? undefined : loadConfig(resolve(io.cwd, args.config)).config.members?.columns;
      // Read once: the snapshot's one clock (every slice's collectedAt, the audit window's end).
      const collected = await collectFromArgv({ ...args, ...(columns === undefined ? {} : { memberColumns: columns }) }, io, io.now());
      const { state, sha256, file: written } = saveSnapshot(resolve(io.cwd, args.out), collected);
      io.stdout(`${sha256}  ${args.out}\n`);
      const unreadable = (Object.entries(state.slices) as [SliceName, { status: string }][])
        .filter(([, s]) => s.status === 'error' || s.status === 'forbidden')
        .map(([name]) => name);
      if (unreadable.length > 0 && !args.quiet) {
        io.stderr(`incomplete: ${unreadable.join(', ')} could not be read; see the reasons in ${written ?? args.out}\n`);
      }
      result.exitCode = unreadable.length > 0 && !args['allow-incomplete'] ? EXIT.incomplete : EXIT.ok;
    },
  };
}
