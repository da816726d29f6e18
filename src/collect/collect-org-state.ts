/**
 * Live collection: reads a Mixpanel organization, merges what the administrator supplied, and
 * returns the normalized org state (validated against schemas/org-state.schema.json).
 *
 * Order matters: options, input files and credentials are checked first, so that a bad input stops
 * the run before any request leaves (exit 2). Then /api/app/me finds the region, organization and
 * projects; the other collectors run side by side, each turning its own failure into a slice status
 * with a reason rather than stopping the others.
 */
import pLimit from 'p-limit';
import { formatInstant, shift } from '../core/duration.js';
import { InputError, UsageError } from '../core/errors.js';
import { describeError, partProblems, relevantErrors, validator } from '../core/schema-validator.js';
import { MixpanelApiError } from '../mixpanel/api-error.js';
import { clientFor } from './client-for.js';
import { loadSecrets } from '../mixpanel/credentials.js';
import { RateWindow } from '../mixpanel/rate-window.js';
import { Redactor } from '../mixpanel/redactor.js';
import { TimeBudget } from '../mixpanel/time-budget.js';
import { TOOL_VERSION } from '../core/paths.js';
import { loadableSlices } from '../state/loadable-state.js';
import { normalizeEnums } from '../state/normalize-enums.js';
import { SLICE_NAMES, STATE_SCHEMA_VERSION, type Organization, type OrgState, type Slice, type SliceName, type Slices } from '../state/org-state.js';
import { CollectionError } from './collection-error.js';
import { collectAuditLog, fileSlice } from './collectors/audit-log.js';
import { joinAuditFacts } from './audit/apply-facts.js';
import { READ_AUDIT_TYPES } from './audit/event-types.js';
import { LEXICON_REQUESTS_PER_MINUTE, collectLexicon } from './collectors/lexicon.js';
import { collectMe, type MeFacts } from './collectors/me.js';
import { collectScimUsers } from './collectors/scim-users.js';
import { collectServiceAccounts } from './collectors/service-accounts.js';
import { collectDataViews, type DataViewReading } from './collectors/undocumented/data-views.js';
import { collectOrgUsers } from './collectors/undocumented/org-users.js';
import { collectTeams } from './collectors/undocumented/teams.js';
import { collectTwoFactor } from './collectors/undocumented/two-factor.js';
import type { CollectContext } from './context.js';
import type { CollectEvent } from './events.js';
import { lexiconFromExports } from './inputs/lexicon-slice.js';
import { loadInputs, type LoadedInputs } from './inputs/load-inputs.js';
import { resolveMemberGrants } from './merge/member-grants.js';
import { joinCreators } from './merge/service-account-creators.js';
import { joinScimUsers, membersFromScim } from './merge/scim-members.js';
import { applyProjectLabels } from './merge/project-labels.js';
import { teamsFromMembers } from './merge/teams-from-members.js';
import { orgRole } from './roles.js';
import { DEFAULTS, resolveOptions, type CollectOptions, type ResolvedOptions } from './options.js';
import { failedSlice, okSlice, reasonOf, unreadableSlice } from './slice-result.js';

type Collected = { -readonly [K in SliceName]?: Slices[K] };

const ORG_ADMIN_ROLES = new Set(['owner', 'admin']);

function emitter(opts: ResolvedOptions, redactor: Redactor): (e: CollectEvent) => void {
  const sink = opts.onEvent;
  if (!sink) return () => undefined;
  // Events carry names from the API (an organization name can echo a credential) and our own words:
  // every string field is redacted, whatever the event, before any sink sees it.
  return (e) => sink(redactor.redactJson(e));
}

/** The checks every collected state must pass; a failure here is a bug in a collector (exit 4). */
function assertStateValid(state: OrgState): void {
  const validate = validator('org-state');
  if (validate(state)) return;
  const lines = relevantErrors(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${describeError(e)}`);
  throw new Error(`internal error: the collected state does not match schemas/org-state.schema.json:\n${lines.join('\n')}`);
}

function mergeInputs(out: Collected, inputs: LoadedInputs, me: MeFacts | undefined, collectedAt: string, warn: (m: string) => void): void {
  if (inputs.attestations) Object.assign(out, inputs.attestations.slices);
  if (inputs.roster) {
    out.roster = okSlice(inputs.roster.entries, { source: 'export', collectedAt, detail: `roster ${inputs.roster.file} (${inputs.roster.entries.length} entries)` });
  }
  if (inputs.members) {
    const resolved = resolveMemberGrants(inputs.members.file, inputs.members.members, me?.projects ?? []);
    resolved.warnings.forEach(warn);
    const detail = `members export ${inputs.members.file} (${resolved.members.length} members)`;
    out.members = okSlice(resolved.members, { source: 'export', collectedAt, detail });
    const teams = teamsFromMembers(resolved.members);
    if (teams.length > 0) out.teams = okSlice(teams, { source: 'export', collectedAt, detail: `teams named in ${detail}` });
  }
}

/**
 * SCIM users as a member source (merge/scim-members.ts): the member list when nothing else gives
 * one (marked incomplete), else joined into the member list that exists.
 */
function membersWithScim(out: Collected, collectedAt: string, warn: (m: string) => void): void {
  const scim = out.scimUsers;
  if (scim?.status !== 'ok' || scim.data === undefined) return;
  const members = out.members;
  if (members === undefined) {
    const { members: fromScim, leftOut } = membersFromScim(scim.data);
    const left = leftOut > 0 ? `; ${leftOut} SCIM users marked inactive left out (SCIM cannot say whether Mixpanel still holds their account)` : '';
    out.members = {
      ...okSlice(fromScim, { source: 'scim', collectedAt, detail: `the ${fromScim.length} active users of GET /api/app/scim/v2/Users (no members export)${left}` }),
      incomplete: 'it was read from SCIM, which lists only the users the identity provider provisions and carries no organization roles; members invited by hand are not in it. Supply the Users & Teams export with --members',
    };
    return;
  }
  if (members.status !== 'ok' || members.data === undefined) return;
  const join = joinScimUsers(members.data, scim.data);
  const notes: string[] = [];
  if (join.added.length > 0) {
    notes.push(`${join.added.length} active SCIM users not in the member list were added with their organization role unknown (${join.added.slice(0, 10).join(', ')}${join.added.length > 10 ? ', ...' : ''})`);
  }
  if (join.inactiveInScim.length > 0) {
    notes.push(`${join.inactiveInScim.length} members the list calls active or invited are inactive in SCIM and kept as the list says, so MP-5.3.2 judges them (${join.inactiveInScim.slice(0, 10).join(', ')}${join.inactiveInScim.length > 10 ? ', ...' : ''})`);
  }
  notes.forEach((n) => warn(`members and SCIM disagree: ${n}`));
  if (join.added.length === 0) {
    if (notes.length > 0) out.members = { ...members, reason: [members.reason, `members and SCIM disagree: ${notes.join('; ')}`].filter(Boolean).join('; ').slice(0, 2000) };
    return;
  }
  out.members = {
    ...members,
    provenance: { ...members.provenance, detail: `${members.provenance.detail ?? ''}; joined with the SCIM users by email`.slice(0, 1000) },
    reason: [members.reason, `members and SCIM disagree: ${notes.join('; ')}`].filter(Boolean).join('; ').slice(0, 2000),
    data: join.members,
  };
}

/** Creator emails by an exact user-id join with the members (service-account-creators.ts). */
function joinServiceAccountCreators(out: Collected): void {
  const sa = out.serviceAccounts;
  const members = out.members;
  if (sa?.data === undefined || members?.status !== 'ok' || members.data === undefined) return;
  const { accounts, joined } = joinCreators(sa.data, members.data);
  if (joined === 0) return;
  const note = `; creator emails of ${joined} accounts joined by user id with the members (${members.provenance.source})`;
  out.serviceAccounts = {
    ...sa,
    provenance: { ...sa.provenance, detail: `${sa.provenance.detail ?? ''}${note}`.slice(0, 1000) },
    data: accounts,
  };
}

export async function collectOrgState(options: CollectOptions): Promise<OrgState> {
  const opts = resolveOptions(options);
  const now = opts.now.getTime();
  const collectedAt = formatInstant(now);

  // 1. Everything local, before the first request.
  const inputs = loadInputs(opts.inputs ?? {}, collectedAt);
  const secrets = loadSecrets({ ...(opts.credentialsFile === undefined ? {} : { credentialsFile: opts.credentialsFile }), ...(opts.env ? { env: opts.env } : {}) });
  // The secrets are registered before anything else can print: the redactor may be the CLI's
  // output sink (src/cli/io.ts), so from here on no line it writes can carry them.
  const redactor = opts.redactor ?? new Redactor();
  redactor.addBasic(secrets.serviceAccount.username, secrets.serviceAccount.secret);
  redactor.add(secrets.scimToken);
  const budget = new TimeBudget(opts.maxCollectionMs);
  const emit = emitter(opts, redactor);
  const warn = (message: string) => emit({ type: 'warning', message });
  secrets.warnings.forEach(warn);
  inputs.members?.warnings.forEach(warn);

  const client = clientFor(secrets, opts, redactor, budget, {
    onEvent: emit,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.waitFor ? { waitFor: opts.waitFor } : {}),
  });

  // 2. The organization and its projects.
  emit({ type: 'slice', slice: 'projects', phase: 'start' });
  let me: MeFacts | undefined;
  let meError: unknown;
  try {
    me = await collectMe(client, opts.region, opts.organizationId);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    meError = err;
  }
  const attestedOrg = inputs.attestations?.organization;
  if (me && attestedOrg && attestedOrg.id !== me.organization.id) {
    throw InputError.at(inputs.attestations!.file,
      `the attestations are about organization ${attestedOrg.id}, but the service account reads organization ${me.organization.id}`);
  }
  const out: Collected = {};
  let organization: Organization;

  if (me === undefined) {
    if (!attestedOrg) throw new CollectionError(redactor.redact(reasonOf(meError)));
    organization = { ...attestedOrg, scanner: { serviceAccount: secrets.serviceAccount.username } };
    const reason = redactor.redact(`not read: /api/app/me failed: ${reasonOf(meError)}`);
    const status = meError instanceof MixpanelApiError && meError.kind === 'forbidden' ? 'forbidden' : 'error';
    const prov = { source: 'api' as const, collectedAt };
    out.projects = unreadableSlice(status, reason, prov);
    out.serviceAccounts = unreadableSlice(status, reason, prov);
    out.lexicon = unreadableSlice(status, reason, prov);
    if (secrets.scimToken !== undefined) out.scimUsers = unreadableSlice(status, reason, { source: 'scim', collectedAt });
    out.auditLog = inputs.auditLog
      ? fileSlice(inputs.auditLog, collectedAt, reasonOf(meError))
      : unreadableSlice(status, reason, { source: 'audit-log', collectedAt });
    emit({ type: 'slice', slice: 'projects', phase: 'done', status: 'error', detail: reasonOf(meError) });
  } else {
    const scannerRole = orgRole(me.callerRole);
    organization = {
      ...me.organization,
      // The scan's own credential, so that checks can recognise it (and report it) rather than fail it.
      scanner: { serviceAccount: secrets.serviceAccount.username, ...(scannerRole === undefined ? {} : { orgRole: scannerRole }) },
    };
    if (me.callerRole !== undefined && !ORG_ADMIN_ROLES.has(me.callerRole)) {
      warn(`the service account's organization role is "${me.callerRole}"; reading service accounts and the audit log needs Owner or Admin`);
    }
    let projects = me.projects;
    let labelNote = '';
    if (inputs.attestations?.projectLabels) {
      const outcome = applyProjectLabels(projects, inputs.attestations.projectLabels.labels, inputs.attestations.file, inputs.attestations.projectLabels.attestation);
      outcome.warnings.forEach(warn);
      projects = outcome.projects;
      const a = inputs.attestations.projectLabels.attestation;
      labelNote = `; labels of ${outcome.labeled} projects attested by ${a.attestedBy} on ${a.attestedAt} (expires ${a.expires}) in ${inputs.attestations.file}`;
      if (Date.parse(a.expires) <= now) warn(`the project labels in ${inputs.attestations.file} expired on ${a.expires}; renew them`);
    }
    emit({ type: 'organization', id: organization.id, name: organization.name, region: organization.region, projects: projects.length });

    const ctx: CollectContext = {
      client, organization, projects, collectedAt, now, perProject: pLimit(opts.concurrency), emit,
    };
    const run = async <K extends SliceName>(slice: K, collect: () => Promise<Slices[K]>): Promise<void> => {
      emit({ type: 'slice', slice, phase: 'start' });
      let result: Slices[K];
      try {
        result = await collect();
      } catch (err) {
        result = failedSlice(err, { source: 'api', collectedAt }) as Slices[K];
      }
      out[slice] = result as Collected[K];
      emit({ type: 'slice', slice, phase: 'done', status: result.status, ...(result.reason ? { detail: result.reason } : {}) });
    };
    const windowStart = formatInstant(shift(now, opts.auditWindow, -1));
    const tasks: Promise<void>[] = [
      run('serviceAccounts', () => collectServiceAccounts(ctx)),
      // Lexicon exports supplied by a person carry the sensitive flag and replace the API read.
      inputs.lexicon
        ? Promise.resolve(void (out.lexicon = lexiconFromExports(inputs.lexicon, projects, collectedAt)))
        : run('lexicon', () => collectLexicon(ctx, {
          maxProjects: opts.lexiconProjects,
          window: new RateWindow(LEXICON_REQUESTS_PER_MINUTE, 60_000, opts.clock, budget),
        })),
      run('auditLog', () => collectAuditLog(ctx, {
        start: windowStart, end: collectedAt, pageSize: DEFAULTS.auditPageSize, maxPages: opts.auditMaxPages,
        ...(opts.auditAllTypes === true ? {} : { types: READ_AUDIT_TYPES }),
        ...(inputs.auditLog ? { fallback: inputs.auditLog } : {}),
      })),
    ];
    if (secrets.scimToken !== undefined) tasks.push(run('scimUsers', () => collectScimUsers(ctx)));
    let dataViews: Promise<DataViewReading> | undefined;
    if (opts.experimentalEndpoints) {
      // Files the administrator supplied win over best-effort undocumented readings.
      if (!inputs.members) {
        tasks.push(run('members', () => collectOrgUsers(ctx)));
        tasks.push(run('teams', () => collectTeams(ctx)));
      }
      if (!inputs.attestations?.slices.twoFactor) tasks.push(run('twoFactor', () => collectTwoFactor(ctx)));
      dataViews = collectDataViews(ctx);
    }
    await Promise.all(tasks);

    let source: 'api' | 'api-undocumented' = 'api';
    let viewNote = '';
    let viewFlag: string | undefined;
    if (dataViews) {
      const reading = await dataViews;
      reading.failures.forEach((f) => warn(`data views (undocumented route): ${f}`));
      reading.flags.forEach((f) => warn(`data views (undocumented route): ${f}`));
      if (reading.flags.length > 0) viewFlag = `data views: ${reading.flags.join('; ')}`;
      if (reading.views.size > 0) {
        projects = projects.map((p) => (reading.views.has(p.id) ? { ...p, dataViews: reading.views.get(p.id)! } : p));
        source = 'api-undocumented';
        viewNote = `; data-view members of ${reading.views.size} projects from the undocumented GET /api/app/projects/{id}/workspaces`;
      }
    }
    const role = me.callerRole === undefined ? '' : `; caller role ${me.callerRole}`;
    out.projects = okSlice(projects, {
      source, collectedAt, detail: `GET ${me.route} (region ${organization.region})${role}${labelNote}${viewNote}`,
    }, viewFlag);
    emit({ type: 'slice', slice: 'projects', phase: 'done', status: 'ok' });
  }

  mergeInputs(out, inputs, me, collectedAt, warn);
  membersWithScim(out, collectedAt, warn);
  joinServiceAccountCreators(out);
  // Facts derived from the audit log, joined into the slices the checks read (src/collect/audit).
  Object.assign(out, joinAuditFacts({
    ...(out.auditLog ? { auditLog: out.auditLog } : {}),
    ...(out.members ? { members: out.members } : {}),
    ...(out.projects ? { projects: out.projects } : {}),
    ...(out.twoFactor ? { twoFactor: out.twoFactor } : {}),
    ...(out.dataGovernance ? { dataGovernance: out.dataGovernance } : {}),
    ...(out.auditLogReview ? { auditLogReview: out.auditLogReview } : {}),
    ...(out.accessReview ? { accessReview: out.accessReview } : {}),
    ...(out.roster ? { roster: out.roster } : {}),
    ...(out.scimUsers ? { scimUsers: out.scimUsers } : {}),
  }, collectedAt, organization.plan));

  const slices: Partial<Slices> = {};
  for (const name of SLICE_NAMES) {
    const s = out[name];
    if (s !== undefined) (slices as Record<SliceName, Slice<unknown>>)[name] = s;
  }
  const orgProblems = partProblems('org-state', '/properties/organization', organization);
  if (orgProblems.length > 0) throw new CollectionError(`the organization as read cannot be kept: ${orgProblems.join('; ')}`);
  // A slice the loader would refuse (a value outside the schema, nesting too deep) becomes `error`
  // with the reason; the rest is kept (src/state/loadable-state.ts).
  const collected: OrgState = redactor.redactJson({
    schemaVersion: STATE_SCHEMA_VERSION,
    generatedAt: collectedAt,
    generator: { name: 'mixpanel-hardening', version: TOOL_VERSION },
    organization,
    slices,
  });
  // Roles, statuses and the other enumerated values are normalised here, at the edge, for every source.
  normalizeEnums(collected);
  const { state, replaced } = loadableSlices(collected);
  for (const name of replaced) warn(`${name}: ${(state.slices[name] as { reason?: string }).reason ?? ''}`);
  assertStateValid(state);
  return state;
}
