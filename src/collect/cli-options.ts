/**
 * The bridge between the command line and live collection: the yargs options every live command
 * (`collect`, live `scan`) shares, and `collectFromArgv`, which turns parsed arguments into a
 * collected OrgState. Secrets are deliberately not options: they come from the environment or
 * the file named by --credentials-file.
 */
import { resolve } from 'node:path';
import type { Options } from 'yargs';
import { UsageError } from '../core/errors.js';
import { parseRegion } from '../mixpanel/hosts.js';
import type { OrgState, Region } from '../state/org-state.js';
import type { Redactor } from '../mixpanel/redactor.js';
import { BOUNDS, DEFAULTS, type CollectOptions } from './options.js';
import { parseLexiconArg } from './inputs/lexicon-csv.js';
import type { MemberColumnMap } from './inputs/members-csv.js';
import { progressReporter } from './progress.js';

export const collectOptions = {
  region: {
    type: 'string', choices: ['US', 'EU', 'IN', 'us', 'eu', 'in'],
    describe: 'Data-residency region of the organization (default: probe US, EU, IN in turn)',
  },
  'organization-id': { type: 'string', describe: 'Organization to read, when the service account sees several' },
  'api-base-url': {
    type: 'string',
    describe: 'Send every API call to this base instead of Mixpanel (a proxy or a test server); hosts map to path prefixes /us, /eu, /in, /platform-us, ...',
  },
  'credentials-file': {
    type: 'string',
    describe: 'YAML/JSON file with the service account\'s "username" and "secret" (default: MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET)',
  },
  attestations: { type: 'string', describe: 'Attestations file (YAML): SSO, 2FA requirement, reviews, project labels, ... (schemas/attestations.schema.json)' },
  members: { type: 'string', describe: 'Members CSV exported from Organization Settings -> Users & Teams' },
  roster: { type: 'string', describe: 'Roster of people and engagements (CSV or YAML)' },
  'audit-log': { type: 'string', describe: 'Audit-log export (NDJSON or CSV), used when the audit-log API cannot be read' },
  lexicon: {
    type: 'string', array: true,
    describe: 'Lexicon CSV export of a project, as <project id>=<file> (repeat for each project); it carries the sensitive flag the Lexicon API lacks, and replaces the API read',
  },
  'audit-window': { type: 'string', default: DEFAULTS.auditWindow, describe: 'How far back to read the audit log (ISO 8601 duration); what is read never reaches past Mixpanel\'s retention of the records' },
  'experimental-endpoints': {
    type: 'boolean', default: false,
    describe: 'Also read undocumented routes (members, teams, 2FA setting, data-view members); marked api-undocumented',
  },
  concurrency: { type: 'number', default: DEFAULTS.concurrency, describe: 'Per-project requests at once' },
  timeout: { type: 'number', default: DEFAULTS.timeoutMs / 1000, describe: `Seconds to wait for each request attempt (at most ${BOUNDS.timeoutMs.max / 1000})` },
  'max-collection-time': {
    type: 'number', default: DEFAULTS.maxCollectionMs / 1000,
    describe: `Seconds the whole collection may take, retries and waits included (${BOUNDS.maxCollectionMs.min / 1000} to ${BOUNDS.maxCollectionMs.max / 1000}); slices still being read then become error`,
  },
  'max-response-bytes': {
    type: 'number', default: DEFAULTS.maxResponseBytes,
    describe: `Largest API answer read, in bytes after decompression (${BOUNDS.maxResponseBytes.min} to ${BOUNDS.maxResponseBytes.max}); a larger one makes its slice error`,
  },
  'lexicon-projects': {
    type: 'number', default: DEFAULTS.lexiconProjects,
    describe: 'Read Lexicon schemas of at most this many projects (5 requests per minute per organization); 0 turns it off',
  },
  quiet: { type: 'boolean', default: false, describe: 'No progress or warnings on stderr' },
} satisfies Record<string, Options>;

/** The parsed arguments `collectFromArgv` reads (yargs' kebab-case keys). */
export interface CollectArgs {
  region?: string;
  'organization-id'?: string;
  'api-base-url'?: string;
  'credentials-file'?: string;
  attestations?: string;
  members?: string;
  roster?: string;
  'audit-log'?: string;
  lexicon?: string[];
  'audit-window'?: string;
  'experimental-endpoints'?: boolean;
  concurrency?: number;
  timeout?: number;
  'max-collection-time'?: number;
  'max-response-bytes'?: number;
  'lexicon-projects'?: number;
  quiet?: boolean;
  /** The config's `members.columns` (not a flag: the command reads it from --config). */
  memberColumns?: MemberColumnMap;
}

/**
 * The process edges collection touches; the CLI's CliIo satisfies it. There is deliberately no
 * default that writes to the process's stderr: progress goes to the caller's (redacting) sink.
 */
export interface CollectIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
  /** The output sink's redactor (see src/cli/io.ts): collection registers the credentials in it. */
  redactor?: Redactor;
}

/**
 * Maps parsed arguments onto CollectOptions; file paths are resolved against `cwd`. `now` is the
 * command's one clock (its --now, or the wall clock read once), never read here.
 */
export function optionsFromArgv(argv: CollectArgs, io: CollectIo, now: number): CollectOptions {
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(io.cwd, p));
  let region: Region | undefined;
  if (argv.region !== undefined) {
    region = parseRegion(argv.region);
    if (region === undefined) throw new UsageError(`--region must be US, EU or IN: ${argv.region}`);
  }
  // Seconds on the command line, milliseconds inside; the bounds are checked by resolveOptions.
  const seconds = (value: number | undefined, flag: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${flag} must be a positive number of seconds: ${value}`);
    return Math.max(1, Math.round(value * 1000));
  };
  const timeoutMs = seconds(argv.timeout, '--timeout');
  const maxCollectionMs = seconds(argv['max-collection-time'], '--max-collection-time');
  const maxResponseBytes = argv['max-response-bytes'];
  if (maxResponseBytes !== undefined && !Number.isInteger(maxResponseBytes)) {
    throw new UsageError(`--max-response-bytes must be a whole number of bytes: ${maxResponseBytes}`);
  }
  const inputs = {
    ...(argv.attestations === undefined ? {} : { attestations: path(argv.attestations)! }),
    ...(argv.members === undefined ? {} : { members: path(argv.members)! }),
    ...(argv.memberColumns === undefined ? {} : { memberColumns: argv.memberColumns }),
    ...(argv.roster === undefined ? {} : { roster: path(argv.roster)! }),
    ...(argv['audit-log'] === undefined ? {} : { auditLog: path(argv['audit-log'])! }),
    ...(argv.lexicon === undefined ? {} : {
      lexicon: argv.lexicon.map((arg) => {
        const { projectId, file } = parseLexiconArg(arg);
        return { ...(projectId === undefined ? {} : { projectId }), file: path(file)! };
      }),
    }),
  };
  return {
    ...(region === undefined ? {} : { region }),
    ...(argv['organization-id'] === undefined ? {} : { organizationId: String(argv['organization-id']) }),
    ...(argv['api-base-url'] === undefined ? {} : { apiBaseUrl: argv['api-base-url'] }),
    ...(argv['credentials-file'] === undefined ? {} : { credentialsFile: path(argv['credentials-file'])! }),
    env: io.env,
    inputs,
    ...(argv['audit-window'] === undefined ? {} : { auditWindow: argv['audit-window'] }),
    experimentalEndpoints: argv['experimental-endpoints'] === true,
    ...(argv.concurrency === undefined ? {} : { concurrency: argv.concurrency }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxCollectionMs === undefined ? {} : { maxCollectionMs }),
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    ...(io.redactor === undefined ? {} : { redactor: io.redactor }),
    ...(argv['lexicon-projects'] === undefined ? {} : { lexiconProjects: argv['lexicon-projects'] }),
    now: new Date(now),
    onEvent: progressReporter({ write: io.stderr, isTty: io.stderrIsTty, quiet: argv.quiet === true }),
  };
}

/**
 * Collects the organization named by the environment's credentials and the parsed arguments.
 * Throws InputError/UsageError (exit 2) before any request on bad input, CollectionError (exit 3)
 * when nothing could be read; otherwise returns a schema-valid state whose unreadable slices say why.
 */
export async function collectFromArgv(argv: CollectArgs, io: CollectIo, now: number, extra: Pick<CollectOptions, 'auditAllTypes'> = {}): Promise<OrgState> {
  const options = { ...optionsFromArgv(argv, io, now), ...extra };
  // Loaded here, not at the top: the options above are part of every `scan --help` and offline scan,
  // the collector (got and every collector module) only of a live collection.
  const { collectOrgState } = await import('./collect-org-state.js');
  return collectOrgState(options);
}
