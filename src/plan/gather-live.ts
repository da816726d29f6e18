/**
 * What `plan` learns about a live scan without collecting: it loads and validates the files given
 * (as scan does, exit 2 on a bad one), looks for credentials, and, only when there are some, asks
 * GET /api/app/me for the organization, the caller's role and the number of projects. Nothing else
 * is sent.
 */
import { basename } from 'node:path';
import { sliceUse, type UsabilityOptions } from '../engine/slice-usability.js';
import { formatInstant } from '../core/duration.js';
import { ExitError, InputError, UsageError } from '../core/errors.js';
import { optionsFromArgv, type CollectArgs, type CollectIo } from '../collect/cli-options.js';
import { collectMe } from '../collect/collectors/me.js';
import { loadInputs } from '../collect/inputs/load-inputs.js';
import { resolveOptions } from '../collect/options.js';
import { MixpanelApiError } from '../mixpanel/api-error.js';
import { clientFor } from '../collect/client-for.js';
import { ENV_SCIM_TOKEN, ENV_SECRET, ENV_USERNAME, loadSecrets, type Secrets } from '../mixpanel/credentials.js';
import { Redactor } from '../mixpanel/redactor.js';
import { TimeBudget } from '../mixpanel/time-budget.js';
import { STATE_SCHEMA_VERSION, type Organization, type OrgState, type Slices } from '../state/org-state.js';
import type { Availability } from './build-plan.js';
import type { LiveFacts } from './resolvers.js';

export interface LiveGathering {
  facts: LiveFacts;
  organization?: Organization;
  warnings: string[];
}

function sectionAvailability(state: OrgState, name: keyof Slices, opts: UsabilityOptions, file: string): Availability {
  const use = sliceUse(state, name, opts);
  return use.status === 'ok' ? { ok: true, detail: `${file} section "${name}"` } : { ok: false, note: use.reason ?? 'not usable' };
}

/** Credentials from the environment or the file; none is a plan without the API, not an error. */
function findSecrets(args: CollectArgs, io: CollectIo, credentialsFile: string | undefined): Secrets | undefined {
  try {
    return loadSecrets({ ...(credentialsFile === undefined ? {} : { credentialsFile }), env: io.env });
  } catch (err) {
    // No credential variable at all is a plan without the API. A variable that is set (blank, or half
    // a pair) is the user's attempt at credentials, so its error stands, as in `scan`; so does a bad
    // credentials file.
    const noneSet = io.env[ENV_USERNAME] === undefined && io.env[ENV_SECRET] === undefined;
    if (err instanceof UsageError && !(err instanceof InputError) && args['credentials-file'] === undefined && noneSet) return undefined;
    throw err;
  }
}

export async function gatherLive(args: CollectArgs, io: CollectIo, usability: UsabilityOptions): Promise<LiveGathering> {
  const opts = resolveOptions(optionsFromArgv(args, io, usability.now));
  const collectedAt = formatInstant(usability.now);
  const inputs = loadInputs(opts.inputs ?? {}, collectedAt);
  const secrets = findSecrets(args, io, opts.credentialsFile);
  const warnings = [...(secrets?.warnings ?? []), ...(inputs.members?.warnings ?? [])];
  const attFile = inputs.attestations ? basename(inputs.attestations.file) : undefined;

  const sections: Record<string, Availability> = {};
  if (inputs.attestations && attFile) {
    const a = inputs.attestations;
    const state: OrgState = { schemaVersion: STATE_SCHEMA_VERSION, generatedAt: collectedAt, organization: a.organization ?? { id: '-', name: '-', region: 'US' }, slices: { ...a.slices } };
    for (const name of Object.keys(a.slices) as (keyof Slices)[]) sections[name] = sectionAvailability(state, name, usability, attFile);
    if (a.projectLabels) {
      // The labels are judged as an attested slice would be: expired or too old -> not usable.
      const labels: OrgState = { ...state, slices: { projects: { status: 'ok', provenance: { source: 'attestation', collectedAt, attestation: a.projectLabels.attestation } } } };
      sections.projects = sectionAvailability(labels, 'projects', usability, attFile);
    }
  }

  const facts: LiveFacts = {
    credentials: secrets ? 'accepted' : 'absent',
    experimental: opts.experimentalEndpoints === true,
    lexiconProjects: opts.lexiconProjects,
    scimToken: (secrets?.scimToken ?? io.env[ENV_SCIM_TOKEN]?.trim() ?? '') !== '',
    files: {
      ...(inputs.members ? { members: basename(inputs.members.file) } : {}),
      ...(inputs.roster ? { roster: basename(inputs.roster.file) } : {}),
      ...(inputs.auditLog ? { auditLog: basename(inputs.auditLog.file) } : {}),
      ...(inputs.lexicon ? { lexicon: inputs.lexicon.map((l) => basename(l.file)).join(', ') } : {}),
      ...(attFile ? { attestations: attFile } : {}),
    },
    sections,
  };
  let organization = inputs.attestations?.organization;
  if (secrets) {
    // The CLI's output sink redactor (src/cli/io.ts), so that every line the plan prints is redacted.
    const redactor = io.redactor ?? new Redactor();
    const client = clientFor(secrets, opts, redactor, new TimeBudget(opts.maxCollectionMs));
    try {
      const me = await collectMe(client, opts.region, opts.organizationId);
      if (organization && organization.id !== me.organization.id) {
        throw InputError.at(inputs.attestations!.file, `the attestations are about organization ${organization.id}, but the service account reads organization ${me.organization.id}`);
      }
      organization = me.organization;
      if (me.callerRole !== undefined) facts.callerRole = me.callerRole;
      facts.projectCount = me.projects.length;
    } catch (err) {
      // Bad usage (several organizations, no --organization-id) and bad files stop, as in scan.
      if (err instanceof ExitError) throw err;
      const rejected = err instanceof MixpanelApiError && (err.kind === 'credentials' || err.kind === 'forbidden');
      facts.credentials = rejected ? 'rejected' : 'unreachable';
      facts.credentialsNote = redactor.redact(`GET /api/app/me failed: ${(err as Error).message}`);
    }
  }
  return { facts, ...(organization ? { organization } : {}), warnings };
}
