import { resolve } from 'node:path';
import type { Argv, CommandModule, Options } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { formatInstant } from '../../core/duration.js';
import { collectOptions, type CollectArgs } from '../../collect/cli-options.js';
import { TOOL_VERSION } from '../../core/paths.js';
import { planChecks } from '../../plan/build-plan.js';
import { gatherLive } from '../../plan/gather-live.js';
import { renderPlanText, type PlanDocument } from '../../plan/plan-document.js';
import { liveResolver, stateResolver } from '../../plan/resolvers.js';
import { loadStateFile } from '../../state/load-state.js';
import { policyOptions, scanTime, selectPolicies, type PolicyArgs } from '../common-options.js';
import type { CliIo, CommandResult } from '../io.js';
import { DEMO_STATE } from './scan.js';

interface PlanArgs extends PolicyArgs, CollectArgs {
  state?: string;
  demo?: boolean;
  now?: string;
  json: boolean;
}

/**
 * Options scan takes that only shape its output: accepted so that a scan command line can be run
 * as `plan` by changing the command name, and ignored.
 */
const SCAN_OUTPUT_OPTIONS = Object.fromEntries(
  ['format', 'out', 'fail-on', 'exceptions', 'baseline', 'evidence'].map((name) => [name, { type: 'string', hidden: true } satisfies Options]),
);
const SCAN_OUTPUT_FLAGS = Object.fromEntries(['allow-incomplete', 'fail-on-new'].map((name) => [name, { type: 'boolean', hidden: true } satisfies Options]));

/** `plan`: for every check, what will decide it and what is missing, without collecting. Exit 0. */
export function planCommand(io: CliIo, result: CommandResult): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: 'Preflight: for every check, what will decide it and what is missing, without collecting (at most GET /api/app/me)',
    builder: (y: Argv) =>
      y.options({
        ...collectOptions,
        ...policyOptions,
        ...SCAN_OUTPUT_OPTIONS,
        ...SCAN_OUTPUT_FLAGS,
        state: { type: 'string', describe: 'Plan for a saved state snapshot: what `scan --state` would find in it' },
        demo: { type: 'boolean', describe: 'Plan for the bundled demo organization' },
        now: { type: 'string', describe: 'Judge attestation expiry as of this ISO 8601 time' },
        json: { type: 'boolean', default: false, describe: 'Print JSON for scripts' },
      }) as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      if (args.state && args.demo) throw new UsageError('give either --state or --demo, not both');
      const selection = selectPolicies(args, io.cwd);
      const base = { tool: { name: 'mixpanel-hardening', version: TOOL_VERSION }, level: selection.level };
      let doc: PlanDocument;
      if (args.state || args.demo) {
        const loaded = loadStateFile(args.demo ? DEMO_STATE : resolve(io.cwd, args.state!));
        // As scan does: the demo is judged as of its own snapshot time unless --now says otherwise.
        const now = args.demo && args.now === undefined ? Date.parse(loaded.state.generatedAt) : scanTime(args.now, io.now);
        const planned = planChecks(selection.checks, stateResolver(loaded.state, { now, maxAttestationAge: selection.maxAttestationAge }));
        doc = {
          ...base, mode: 'snapshot', now: formatInstant(now), organization: loaded.state.organization,
          blockers: [],
          snapshot: { file: args.demo ? 'demo/org-state.json' : args.state!, sha256: loaded.sha256, generatedAt: loaded.state.generatedAt },
          ...planned,
        };
      } else {
        const now = scanTime(args.now, io.now);
        const columns = selection.config.members?.columns;
        const live = await gatherLive({ ...args, ...(columns === undefined ? {} : { memberColumns: columns }) }, io, { now, maxAttestationAge: selection.maxAttestationAge });
        if (!args.quiet) for (const w of live.warnings) io.stderr(`warning: ${w}\n`);
        const f = live.facts;
        const blockers: string[] = [];
        // Mirrors collection: without credentials scan stops at once; without an answer from /me
        // it goes on only when the attestations name the organization (else exit 3).
        if (f.credentials === 'absent') blockers.push('a live scan needs service-account credentials and stops without them (exit 2); the checks below show what each would need');
        else if (f.credentials !== 'accepted' && !live.organization) blockers.push(`/api/app/me did not answer, and no attestations name the organization: scan would stop (exit 3)`);
        const planned = planChecks(selection.checks, liveResolver(f));
        doc = {
          ...base, mode: 'live', now: formatInstant(now),
          ...(live.organization ? { organization: live.organization } : {}),
          blockers,
          inputs: {
            credentials: f.credentials,
            ...(f.credentialsNote ? { note: f.credentialsNote } : {}),
            ...(f.callerRole ? { callerRole: f.callerRole } : {}),
            ...(f.projectCount === undefined ? {} : { projects: f.projectCount }),
            scimToken: f.scimToken,
            experimentalEndpoints: f.experimental,
            lexiconProjects: f.lexiconProjects,
            files: f.files,
            attestedSections: Object.entries(f.sections).filter(([, a]) => a.ok).map(([k]) => k),
          },
          ...planned,
        };
      }
      io.stdout(args.json ? `${JSON.stringify(doc, null, 2)}\n` : renderPlanText(doc));
      result.exitCode = 0;
    },
  };
}
