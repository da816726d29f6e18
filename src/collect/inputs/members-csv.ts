/**
 * The members export (`--members`): a member list from Organization Settings -> Users & Teams, or
 * the same columns prepared by hand. Mixpanel documents no format for such an export, so columns
 * are matched case-insensitively with common aliases, and a site's own names can be mapped to the
 * fields with the config's `members.columns`. Columns that match no field are ignored and named
 * together in one warning; a required column that is missing (a misspelled "Org Role") is an error
 * that names the unrecognised columns, so a typo cannot silently drop every role. Every problem of
 * the file is reported at once, each at its line and column.
 *
 * Project grants are written `Project (role)` or `Project: role`, several separated by `;`, and a
 * grant through a team as `Project (analyst via team Data)`. Projects are named by id or by name;
 * names are turned into ids once /me has listed the projects.
 */
import { InputError, type InputProblem } from '../../core/errors.js';
import { partErrors } from '../../core/schema-validator.js';
import { enumWord } from '../../state/normalize-enums.js';
import type { Member } from '../../state/org-state.js';
import { ORG_ROLE_WORDS, orgRole, projectRole } from '../roles.js';
import { headerKey, readCsvTableReport, readCsvText, type ColumnSpec, type CsvCell } from './csv-table.js';
import { dateReason, isNeverWord, normalizeEmail, parseYesNo, readInstantText } from './input-values.js';

export type MemberColumn = 'email' | 'name' | 'userId' | 'orgRole' | 'status' | 'twoFactor' | 'sso' | 'lastActive' | 'invitedAt' | 'createdAt' | 'projects' | 'teams';

export const MEMBER_COLUMNS: readonly ColumnSpec<MemberColumn>[] = [
  { key: 'email', label: 'Email', aliases: ['email address', 'user email', 'e-mail'], required: true },
  { key: 'name', label: 'Name', aliases: ['full name', 'display name', 'user name'] },
  { key: 'userId', label: 'User ID', aliases: ['id', 'user id'] },
  { key: 'orgRole', label: 'Org Role', aliases: ['role', 'organization role', 'organisation role'], required: true },
  { key: 'status', label: 'Status', aliases: ['state', 'member status', 'invite status'] },
  { key: 'twoFactor', label: '2FA', aliases: ['two-factor', 'two factor authentication', '2fa enabled', 'two-factor enabled', 'mfa'] },
  { key: 'sso', label: 'SSO', aliases: ['sso login', 'login method'] },
  { key: 'lastActive', label: 'Last Active', aliases: ['last seen', 'last login', 'last activity', 'last logged in'] },
  { key: 'invitedAt', label: 'Invited At', aliases: ['invited', 'invited on', 'date invited'] },
  { key: 'createdAt', label: 'Joined', aliases: ['date joined', 'created', 'created at', 'member since'] },
  { key: 'projects', label: 'Projects', aliases: ['project roles', 'projects and roles', 'project access'] },
  { key: 'teams', label: 'Teams', aliases: ['team'] },
];

/** A project grant as written in the export, before project names become ids. */
export interface GrantRef {
  ref: string;
  role: string;
  via: 'direct' | 'team';
  team?: string;
  line: number;
  column: number;
}

export interface ExportedMember extends Omit<Member, 'projectRoles'> {
  /** Absent when the file has no Projects column (unknown); an empty cell is "no grants". */
  projectRoles?: GrantRef[];
}

export interface MembersExport {
  file: string;
  members: ExportedMember[];
  /** What was read but not used (columns ignored), for the run's warnings. */
  warnings: string[];
}

/** A site's column names mapped to member fields (the config's `members.columns`). */
export type MemberColumnMap = Readonly<Record<string, MemberColumn>>;

/** Above this many problems the rest of a file's problems are counted, not listed. */
const MAX_LISTED_PROBLEMS = 1000;

const GRANT_PARENS = /^(.*?)\s*\(\s*([^()]+?)\s*\)$/;
const GRANT_COLON = /^(.*?)\s*[:=]\s*(.+)$/;
const ROLE_VIA = /^(.+?)(?:\s+via\s+(?:team\s+)?(.+))?$/i;

export function splitList(text: string): string[] {
  const parts = text.split(/[;\n|]/).map((s) => s.trim()).filter(Boolean);
  return parts.length === 1 && parts[0]!.includes(',') ? parts[0]!.split(',').map((s) => s.trim()).filter(Boolean) : parts;
}

function grants(cell: CsvCell, problem: (c: CsvCell, m: string) => void): GrantRef[] {
  const out: GrantRef[] = [];
  for (const entry of cell.value.split(/[;\n|]/).map((s) => s.trim()).filter(Boolean)) {
    const m = GRANT_PARENS.exec(entry) ?? GRANT_COLON.exec(entry);
    const via = m ? ROLE_VIA.exec(m[2]!.trim()) : null;
    if (!m || !via || m[1]!.trim() === '') {
      problem(cell, `cannot read project grant "${entry}": write "Project (role)" or "Project: role", several separated by ";"`);
      continue;
    }
    const team = via[2]?.trim();
    out.push({
      ref: m[1]!.trim(), role: projectRole(via[1]!), via: team ? 'team' : 'direct', ...(team ? { team } : {}),
      line: cell.line, column: cell.column,
    });
  }
  return out;
}

export function loadMembersCsv(file: string, columns: MemberColumnMap = {}): MembersExport {
  const table = readCsvTableReport(file, readCsvText(file), MEMBER_COLUMNS, new Map(Object.entries(columns)));
  const { rows } = table;
  const problems: InputProblem[] = [...table.problems];
  const warnings: string[] = [];
  if (table.ignored.length > 0) {
    warnings.push(`${file}: ${table.ignored.length} column${table.ignored.length === 1 ? '' : 's'} not read (no field matches; map them with members.columns in the config if they hold one): ${table.ignored.map((c) => `"${c.name}" (${c.line}:${c.column})`).join(', ')}`);
  }
  const headerNames = new Set(table.header.map(headerKey));
  const unmatched = Object.keys(columns).filter((name) => !headerNames.has(headerKey(name)));
  if (unmatched.length > 0) warnings.push(`${file}: members.columns names ${unmatched.map((n) => `"${n}"`).join(', ')}, not a column of this file`);
  // Without the column that keys every row (Email) or the one every row needs (Org Role), each row
  // would repeat the header's problem: the header says it once.
  const hasEmail = table.present.has('email');
  const hasRole = table.present.has('orgRole');
  const problem = (c: CsvCell, message: string) => problems.push({ file, line: c.line, column: c.column, message });
  const byEmail = new Map<string, number>();
  const members: ExportedMember[] = [];

  for (const row of hasEmail ? rows : []) {
    const c = row.cells;
    const email = c.email && c.email.value !== '' ? normalizeEmail(c.email.value) : undefined;
    if (email === undefined) {
      problem(c.email ?? { value: '', line: row.line, column: 1 }, c.email?.value ? `not an email address: "${c.email.value}"` : 'Email is empty');
      continue;
    }
    const before = byEmail.get(email);
    if (before !== undefined) problem(c.email!, `${email} appears twice (also on line ${before})`);
    byEmail.set(email, row.line);

    const role = c.orgRole ? orgRole(c.orgRole.value) : undefined;
    if (role === undefined) {
      if (hasRole) problem(c.orgRole ?? { value: '', line: row.line, column: 1 }, `unknown organization role "${c.orgRole?.value ?? ''}" (expected ${ORG_ROLE_WORDS})`);
      continue;
    }
    const m: ExportedMember = { email, orgRole: role };
    // A column the file has, left empty, says "none"; a column it lacks says nothing.
    if (c.projects !== undefined) m.projectRoles = [];
    if (c.teams !== undefined) m.teams = [];
    if (c.name?.value) m.name = c.name.value;
    if (c.userId?.value) m.userId = c.userId.value;
    if (c.status?.value) {
      const s = enumWord(c.status.value);
      if (s === 'active' || s === 'joined') m.status = 'active';
      else if (s === 'invited' || s === 'pending' || s === 'invitation sent') m.status = 'invited';
      else problem(c.status, `unknown status "${c.status.value}" (expected Active or Invited)`);
    }
    if (c.twoFactor?.value) {
      const yes = parseYesNo(c.twoFactor.value);
      if (yes === undefined) problem(c.twoFactor, `cannot read 2FA value "${c.twoFactor.value}" (expected yes/no, enabled/disabled)`);
      else m.twoFactorEnabled = yes;
    }
    if (c.sso?.value) {
      const v = c.sso.value.toLowerCase();
      const yes = parseYesNo(v) ?? (/\b(sso|saml)\b/.test(v) ? true : /\b(password|google|magic link|passkey)\b/.test(v) ? false : undefined);
      if (yes === undefined) problem(c.sso, `cannot read SSO value "${c.sso.value}"`);
      else m.ssoLogin = yes;
    }
    for (const [key, target] of [['lastActive', 'lastActive'], ['invitedAt', 'invitedAt']] as const) {
      const cell = c[key];
      if (!cell?.value) continue;
      if (isNeverWord(cell.value)) {
        m[target] = null;
        continue;
      }
      const at = readInstantText(cell.value);
      if (!at.ok) problem(cell, `not a date: "${cell.value}"${dateReason(at.reason)} (write 2026-01-31, a date-time, or "never")`);
      else m[target] = at.text;
    }
    if (c.createdAt?.value) {
      const at = readInstantText(c.createdAt.value);
      if (!at.ok) problem(c.createdAt, `not a date: "${c.createdAt.value}"${dateReason(at.reason)}`);
      else m.createdAt = at.text;
    }
    if (c.projects?.value) m.projectRoles = grants(c.projects, problem);
    if (c.teams?.value) m.teams = [...new Set(splitList(c.teams.value))].sort();
    // What the state's schema would refuse (a name over 500 characters) is refused here, in its cell.
    const asState = {
      ...m,
      ...(m.projectRoles === undefined ? {} : { projectRoles: m.projectRoles.map((g) => ({ projectId: g.ref, role: g.role, via: g.via, ...(g.team === undefined ? {} : { team: g.team }) })) }),
    };
    for (const e of partErrors('org-state', '/definitions/member', asState)) {
      const key = e.path.split('/')[1];
      const column = key === 'projectRoles' ? 'projects' : key;
      const cell = (column === undefined ? undefined : c[column as MemberColumn]) ?? { value: '', line: row.line, column: 1 };
      problem(cell, `${column ?? 'row'} ${e.message}`);
    }
    members.push(m);
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > listed.length) listed.push({ file, message: `and ${problems.length - listed.length} more problems in this file` });
    throw new InputError(listed);
  }
  if (members.length === 0) throw InputError.at(file, 'no members in the file', 1, 1);
  members.sort((a, b) => a.email.localeCompare(b.email));
  return { file, members, warnings };
}

