/**
 * The evidence of an attestation: a link, or a file whose sha256 is recorded beside its path
 * (`screens/sso.png sha256:<64 hex>`), so an auditor can tell the file shown later is the one
 * attested. The path is written relative to the attestations file's folder, where it is looked
 * for again. Read as a stream: a screen recording needs no memory of its size.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const LINK = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const FILE_REF = /^(.+) sha256:([0-9a-f]{64})$/;

export type EvidenceAnswer = { ok: true; evidence: string } | { ok: false; reason: string };

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path).on('error', fail).on('data', (d) => hash.update(d)).on('end', () => done(hash.digest('hex')));
  });
}

/** An answer to "evidence?": a link as given, or an existing file with its sha256. */
export async function evidenceFrom(answer: string, cwd: string, attestationsFile: string): Promise<EvidenceAnswer> {
  const given = answer.trim();
  if (given === '') return { ok: false, reason: 'give a link or the path of a file' };
  if (LINK.test(given)) return { ok: true, evidence: given };
  const path = resolve(cwd, given);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return { ok: false, reason: `${given} is neither a link (https://...) nor a file` };
  const rel = relative(dirname(attestationsFile), path);
  const shown = isAbsolute(rel) || rel.startsWith('..') ? path : rel.split(sep).join('/');
  return { ok: true, evidence: `${shown} sha256:${await sha256OfFile(path)}` };
}

export type EvidenceCheck = { kind: 'link' | 'text' } | { kind: 'file'; path: string; state: 'intact' | 'changed' | 'missing' };

/** Whether a recorded file is still the one attested. */
export async function checkEvidence(evidence: string, attestationsFile: string): Promise<EvidenceCheck> {
  if (LINK.test(evidence)) return { kind: 'link' };
  const m = FILE_REF.exec(evidence);
  if (!m) return { kind: 'text' };
  const path = resolve(dirname(attestationsFile), m[1]!);
  try {
    return { kind: 'file', path: m[1]!, state: (await sha256OfFile(path)) === m[2] ? 'intact' : 'changed' };
  } catch {
    return { kind: 'file', path: m[1]!, state: 'missing' };
  }
}

/**
 * For evidence a person typed as a plain file path (in a filled-in draft): the same path with the
 * file's sha256, when the file exists beside the attestations file; undefined otherwise (a link, a
 * hash already recorded, free text, or no such file).
 */
export async function withRecordedHash(evidence: string, attestationsFile: string): Promise<string | undefined> {
  const given = evidence.trim();
  if (LINK.test(given) || FILE_REF.test(given) || /\s/.test(given)) return undefined;
  const path = resolve(dirname(attestationsFile), given);
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return `${given} sha256:${await sha256OfFile(path)}`;
}
