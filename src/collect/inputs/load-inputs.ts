/**
 * Loads every file the administrator named, before any network call, and reports the problems of
 * all of them at once: a bad input stops the run (exit 2) without touching Mixpanel.
 */
import { InputError, type InputProblem } from '../../core/errors.js';
import { loadAttestations, type AttestationFile } from './attestations.js';
import { loadAuditLogFile, type AuditLogFile } from './audit-log-file.js';
import { loadLexiconCsv, type LexiconExport } from './lexicon-csv.js';
import { loadMembersCsv, type MemberColumnMap, type MembersExport } from './members-csv.js';
import { loadRoster, type Roster } from './roster.js';

export interface InputPaths {
  attestations?: string;
  members?: string;
  /** A site's column names for the members export (the config's `members.columns`). */
  memberColumns?: MemberColumnMap;
  roster?: string;
  auditLog?: string;
  /** Lexicon exports, each for the project named with it (or in its Project ID column). */
  lexicon?: { projectId?: string; file: string }[];
}

export interface LoadedInputs {
  attestations?: AttestationFile;
  members?: MembersExport;
  roster?: Roster;
  auditLog?: AuditLogFile;
  lexicon?: LexiconExport[];
}

export function loadInputs(paths: InputPaths, collectedAt: string): LoadedInputs {
  const problems: InputProblem[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (err instanceof InputError) {
        problems.push(...err.problems);
        return undefined;
      }
      throw err;
    }
  };
  const out: LoadedInputs = {};
  if (paths.attestations !== undefined) {
    const a = attempt(() => loadAttestations(paths.attestations!, collectedAt));
    if (a) out.attestations = a;
  }
  if (paths.members !== undefined) {
    const m = attempt(() => loadMembersCsv(paths.members!, paths.memberColumns));
    if (m) out.members = m;
  }
  if (paths.roster !== undefined) {
    const r = attempt(() => loadRoster(paths.roster!));
    if (r) out.roster = r;
  }
  if (paths.auditLog !== undefined) {
    const l = attempt(() => loadAuditLogFile(paths.auditLog!));
    if (l) out.auditLog = l;
  }
  if (paths.lexicon !== undefined && paths.lexicon.length > 0) {
    const files = paths.lexicon.map((l) => attempt(() => loadLexiconCsv(l.file, l.projectId)));
    const loaded = files.filter((f): f is LexiconExport => f !== undefined);
    // Two exports of one project would leave it unclear which classification holds.
    const owner = new Map<string, string>();
    for (const f of loaded) {
      for (const id of f.projectIds) {
        const before = owner.get(id);
        if (before !== undefined) problems.push({ file: f.file, message: `project ${id} is also described by ${before}; give one Lexicon export per project` });
        else owner.set(id, f.file);
      }
    }
    if (loaded.length === files.length) out.lexicon = loaded;
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}
