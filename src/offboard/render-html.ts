import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { packagePath } from '../core/paths.js';
import type { PersonState, ProjectAccess } from './person-state.js';
import type { OffboardPlan, PlannedPerson } from './plan.js';
import { shellQuote } from './shell-quote.js';
import type { OffboardVerification, VerifiedPerson } from './verification.js';
import { displayText } from '../core/text-safety.js';

// Our own isolated instance: every value goes through `{{ }}` (HTML-escaped); the only unescaped
// insertion is our static CSS, allowed by its hash in the Content-Security-Policy.
const hbs = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Additions to the report stylesheet for the offboarding documents. */
const EXTRA_CSS = `
.person { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.result-pass { border-left: 6px solid var(--pass); } .result-fail { border-left: 6px solid var(--fail); } .result-incomplete { border-left: 6px solid var(--error); }
.status-incomplete { background: var(--error); } .status-todo { background: var(--fail); } .status-done { background: var(--pass); } .status-check { background: var(--manual); }
.changed { background: #fff8c5; }
.blank { color: var(--muted); border-bottom: 1px dotted var(--muted); min-width: 16em; display: inline-block; }
ul.remaining { margin: 4px 0; }
`;

function template(name: string): Handlebars.TemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    t = hbs.compile(readFileSync(packagePath('templates', name), 'utf8'), { strict: false, noEscape: false });
    compiled.set(name, t);
  }
  return t;
}

let css: string | undefined;
function styles(): { css: string; hash: string } {
  css ??= `${readFileSync(packagePath('templates', 'report.css'), 'utf8')}${EXTRA_CSS}`;
  return { css, hash: `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}` };
}

function label(name: string | null | undefined, id: string): string {
  return name ? `${name} (${id})` : id;
}

function projectRow(p: ProjectAccess) {
  return {
    project: label(p.projectName, p.projectId),
    role: p.role,
    via: p.via === 'team' ? `team ${label(p.teamName, p.teamId ?? '?')}` : p.via === 'default' ? 'default access for every member' : p.via === 'unknown' ? 'direct or through a team (the source does not say)' : 'direct',
    sensitive: p.sensitive === true ? 'yes' : p.sensitive === false ? 'no' : '',
  };
}

function personView(p: PersonState) {
  const m = p.member;
  const e = p.engagement;
  return {
    email: p.email,
    name: p.name,
    membership: m ? `${m.status}, organization role ${m.orgRole}` : 'not a member',
    member: m,
    roster: p.roster,
    engagement: e
      ? {
          type: e.type,
          end: e.engagementEnd ?? (e.recorded ? 'open-ended' : 'not recorded'),
          window: e.window ? `${e.window.windowHours} hours, removal due by ${e.window.removalDueBy}` : '',
          overdue: e.overdue && e.window ? `${e.window.hoursPastWindow} hours past the ${e.window.windowHours}-hour removal window` : '',
        }
      : null,
    projects: p.projects.map(projectRow),
    defaultAccess: p.defaultAccess.map(projectRow),
    teams: p.teams.map((t) => label(t.name, t.id)),
    dataViews: p.dataViews.map((v) => ({ view: label(v.dataViewName, v.dataViewId), project: label(v.projectName, v.projectId), via: v.via === 'team' ? `team ${v.teamId}` : 'direct' })),
    serviceAccounts: p.serviceAccounts.map((s) => ({
      ...s,
      validity: s.active ? (s.expires ? `valid until ${s.expires}` : 'valid, no expiry') : `expired ${s.expires}`,
      projectList: s.projects.map((x) => `${label(x.projectName, x.projectId)}: ${x.role}${x.hasSensitiveAccess ? ', sensitive data' : ''}`),
      owner: s.newOwner ? `${s.newOwner.owner} (${s.newOwner.purpose})` : '',
    })),
    unknownCreator: p.serviceAccountsOfUnknownCreator.map((s) => label(s.username, s.id)),
    scim: p.scim ? `${p.scim.userName} (${p.scim.id}): ${p.scim.active ? 'active' : 'inactive'}` : null,
    activity: {
      lastActive: p.activity.lastActive ?? 'none recorded',
      lastEvent: p.activity.lastEvent ? `${p.activity.lastEvent.type} at ${p.activity.lastEvent.created}` : null,
      count: p.activity.events.length,
      window: p.activity.window ? `${p.activity.window.start} to ${p.activity.window.end}` : null,
    },
    similarAccounts: p.similarAccounts,
    sources: p.sources.map((s) => ({ slice: s.slice, status: s.status, reason: s.reason, source: s.provenance?.source, collectedAt: s.provenance?.collectedAt, detail: s.provenance?.detail })),
  };
}

function plannedView(p: PlannedPerson, planFile: string) {
  return {
    ...personView(p),
    transfer: p.transfer,
    verifyCommand: `mixpanel-hardening offboard verify --email ${shellQuote(p.email)} --method delete --plan ${shellQuote(planFile)}`,
  };
}

/** The plan as one self-contained HTML page (no script, no network). `planFile`: the JSON beside it. */
export function renderPlanHtml(plan: OffboardPlan, planFile: string): string {
  const s = styles();
  return displayText(template('offboard-plan.html.hbs')({ plan, css: s.css, cspStyle: s.hash, people: plan.people.map((p) => plannedView(p, planFile)) }));
}

function verifiedView(p: VerifiedPerson) {
  return {
    ...p,
    person: personView(p.after),
    items: p.items.map((i) => ({ ...i, isManual: !i.automatic })),
    projectsRemovedText: p.projectsRemoved === null ? null : p.projectsRemoved.length ? p.projectsRemoved.map((x) => label(x.projectName, x.projectId)).join('; ') : 'none',
  };
}

/** The evidence of a verification run as one self-contained HTML page. */
export function renderVerificationHtml(doc: OffboardVerification): string {
  const s = styles();
  return displayText(template('offboard-verify.html.hbs')({ doc, css: s.css, cspStyle: s.hash, people: doc.people.map(verifiedView) }));
}
