import type { PersonState, StateIndex } from './person-state.js';

/**
 * One thing the runbook asks to hand over or record before access is removed ("3. Transfer
 * Ownership", "Audit Log Review"). `todo`: the data shows work to do; `done`: the data shows it
 * done; `check`: no source can show it, a person must look.
 */
export interface TransferItem {
  id: string;
  status: 'todo' | 'done' | 'check';
  what: string;
  detail: string;
}

function projectLabel(name: string | null, id: string): string {
  return name ? `${name} (${id})` : id;
}

/** Other people who hold the owner role on a project, directly or through a team. */
function otherProjectOwners(index: StateIndex, email: string, projectId: string): string[] {
  const owners = new Set<string>();
  for (const m of index.reads.members.data ?? []) {
    if (m.email === email || m.status !== 'active') continue;
    if (m.projectRoles?.some((g) => g.projectId === projectId && g.role === 'owner')) owners.add(m.email);
  }
  for (const t of index.reads.teams.data ?? []) {
    if (!t.projectRoles.some((g) => g.projectId === projectId && g.role === 'owner')) continue;
    for (const m of t.members ?? []) if (m !== email) owners.add(m);
  }
  return [...owners].sort();
}

/** Manual items: content the Mixpanel APIs do not attribute to a creator. */
const CONTENT_ITEMS: readonly Omit<TransferItem, 'status'>[] = [
  { id: 'dashboards', what: 'Dashboards and reports', detail: 'Duplicate the important ones to an internal owner and export critical reports; they stay visible as "created by removed user" after deletion.' },
  { id: 'cohorts', what: 'Cohorts and segments', detail: 'Transfer valuable cohorts and write down their definitions; user-specific segments break dashboards when the user is removed.' },
  { id: 'pipelines', what: 'Data pipelines and exports', detail: 'Transfer integrations and scheduled exports, revoke data-warehouse credentials the person set up, and document their configuration.' },
  { id: 'api-integrations', what: 'API integrations and tokens', detail: 'Generate replacement credentials under a service account with an internal owner and test them before removal.' },
  { id: 'notifications', what: 'Webhooks, Slack integrations and distribution lists', detail: 'Remove the person from alert channels and scheduled report recipients.' },
];

/** What to transfer first, from one person's description and the state it came from. Pure. */
export function transferItems(person: PersonState, index: StateIndex): TransferItem[] {
  const items: TransferItem[] = [];
  for (const sa of person.serviceAccounts) {
    const where = sa.projects.length ? `projects ${sa.projects.map((p) => `${projectLabel(p.projectName, p.projectId)} as ${p.role}`).join(', ')}` : 'no project';
    if (!sa.active) {
      items.push({ id: `service-account:${sa.id}`, status: 'check', what: `Service account ${sa.username} (expired ${sa.expires})`, detail: `Created by the person; ${where}. Delete it in Organization Settings -> Service Accounts if nothing depends on it.` });
    } else if (sa.newOwner) {
      items.push({ id: `service-account:${sa.id}`, status: 'done', what: `Service account ${sa.username}`, detail: `Created by the person; ${where}. New owner recorded: ${sa.newOwner.owner} (${sa.newOwner.purpose}).` });
    } else {
      items.push({ id: `service-account:${sa.id}`, status: 'todo', what: `Service account ${sa.username}`, detail: `Created by the person and still valid${sa.expires ? ` until ${sa.expires}` : ' with no expiry'}; ${where}. Record a new owner in the serviceAccountOwners attestation, or replace it with a service account an internal owner creates, then delete it.` });
    }
  }
  for (const sa of person.serviceAccountsOfUnknownCreator) {
    items.push({ id: `service-account:${sa.id}`, status: 'check', what: `Service account ${sa.username} (creator not recorded)`, detail: 'Confirm that the person did not create it; if they did, record a new owner.' });
  }
  if (person.member?.orgRole === 'owner') {
    const others = (index.reads.members.data ?? []).filter((m) => m.email !== person.email && m.orgRole === 'owner' && m.status === 'active');
    if (others.length === 0) items.push({ id: 'org-owner', status: 'todo', what: 'Organization ownership', detail: 'The person is the only organization owner: make another person owner before removing them.' });
  }
  const owned = new Map<string, string | null>();
  for (const p of person.projects) if (p.role === 'owner') owned.set(p.projectId, p.projectName);
  for (const [projectId, name] of owned) {
    if (otherProjectOwners(index, person.email, projectId).length === 0) {
      items.push({ id: `project-owner:${projectId}`, status: 'todo', what: `Ownership of project ${projectLabel(name, projectId)}`, detail: 'The person is the only owner of this project: grant the owner role to an internal member or team first.' });
    }
  }
  for (const c of CONTENT_ITEMS) items.push({ ...c, status: 'check' });
  const log = index.reads.auditLog;
  items.push(log.use.status === 'ok'
    ? { id: 'audit-log', status: 'done', what: 'Audit-log entries', detail: `${person.activity.events.length} event(s) by the person between ${log.data?.window.start} and ${log.data?.window.end} are included in this plan; archive it with the engagement records.` }
    : { id: 'audit-log', status: 'check', what: 'Audit-log entries', detail: 'Filter the organization audit log for the person, export the entries (logins, actions, changes, exports) and archive them with the engagement records.' });
  return items;
}
