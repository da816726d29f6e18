/**
 * Enumerated values normalised at the edge, once, for every source: what the collectors read from
 * the API and the files (before a snapshot is saved) and what a snapshot file holds (before it is
 * validated). A project role `" admin"` or `"Admin"` is the role `admin`: compared as written, it
 * matches neither `admin` nor any other known role, and a check that should fail turns `manual`.
 *
 * Only surrounding white space, inner runs of white space and letter case change. A value that is
 * still unknown afterwards is kept as written (trimmed): the schema names it (a closed enum) or the
 * finding shows it (a project role, where custom roles exist); it is never dropped or guessed.
 * Works on data not yet validated, so every step checks the shape it expects and skips the rest.
 */
type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRec) : [];
}

/** Trimmed, lower case, inner white space as one space: "  Billing   Admin " -> "billing admin". */
export function enumWord(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

function lower(r: Rec, key: string): void {
  const v = r[key];
  if (typeof v === 'string') r[key] = enumWord(v);
}

function upper(r: Rec, key: string): void {
  const v = r[key];
  if (typeof v === 'string') r[key] = v.trim().toUpperCase();
}

/** An organization role: " Billing Admin" -> "billing_admin" (no synonyms: those are the exports' reader's). */
function orgRoleField(r: Rec, key: string): void {
  const v = r[key];
  if (typeof v === 'string') r[key] = enumWord(v).replace(/[ -]/g, '_');
}

function grants(r: Rec, key: string, fields: readonly string[]): void {
  for (const g of list(r[key])) for (const f of fields) lower(g, f);
}

function sliceData(slices: Rec, name: string): Rec[] {
  const s = slices[name];
  return isRec(s) ? list(s.data) : [];
}

/** Normalises, in place, the enumerated fields of a snapshot (or of its parts already present). */
export function normalizeEnums(state: unknown): void {
  if (!isRec(state)) return;
  if (isRec(state.organization)) upper(state.organization, 'region');
  const slices = state.slices;
  if (!isRec(slices)) return;
  for (const p of sliceData(slices, 'projects')) {
    upper(p, 'region');
    lower(p, 'environment');
    lower(p, 'defaultAccessRole');
  }
  for (const m of sliceData(slices, 'members')) {
    orgRoleField(m, 'orgRole');
    lower(m, 'status');
    grants(m, 'projectRoles', ['role', 'via']);
  }
  for (const t of sliceData(slices, 'teams')) grants(t, 'projectRoles', ['role']);
  for (const sa of sliceData(slices, 'serviceAccounts')) {
    orgRoleField(sa, 'orgRole');
    grants(sa, 'projects', ['role', 'targetType']);
  }
  for (const e of sliceData(slices, 'roster')) lower(e, 'type');
}
