/**
 * Bad inputs too large to commit, written at test time: very deep nesting and 50 MB files.
 * Each generator writes one file and returns nothing; the file's name comes from cases.yaml.
 * The 50 MB files are written a megabyte at a time as they are produced: building each as one
 * string (from an array of some 400,000 rows) first cost four times the CPU for the same bytes.
 */
import { closeSync, openSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';

export const FIFTY_MB = 50 * 1024 * 1024;
const DEEP = 100_000;

const CHUNK = 1 << 20;

/** A file written in pieces as text is added; `length` counts the characters added (all ASCII here, so bytes too). */
class StreamedFile {
  length = 0;
  private pending = '';
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  add(text: string): void {
    this.pending += text;
    this.length += text.length;
    if (this.pending.length >= CHUNK) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    const bytes = Buffer.from(this.pending, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off);
    this.pending = '';
  }
}

const HEAD = '"schemaVersion": "1.1", "generatedAt": "2026-05-01T00:00:00Z", "organization": { "id": "42", "name": "Big Co", "region": "US" }';
const PROVENANCE = '"provenance": { "source": "export", "collectedAt": "2026-05-01T00:00:00Z" }';

function member(i: number, role = 'member'): string {
  return `\n        { "email": "user${i}@big.example", "name": "User ${i}", "orgRole": "${role}", "status": "active", "projectRoles": [{ "projectId": "1", "role": "analyst", "via": "direct" }], "teams": ["data", "growth"] }`;
}

/** A state whose members list fills `bytes`, the last member with an invalid role: the error is at the very end. */
function writeStateOfSize(file: string, bytes: number, lastRole: string): void {
  const out = new StreamedFile(file);
  out.add(`{ ${HEAD},\n  "slices": { "members": { "status": "ok", ${PROVENANCE}, "data": [`);
  for (let i = 0; out.length < bytes; i++) out.add(`${member(i)},`);
  out.add(member(-1, lastRole));
  out.add('\n  ] } } }\n');
  out.close();
}

/** Drops the last `count` bytes of a file. */
function cutEnd(file: string, count: number): void {
  truncateSync(file, statSync(file).size - count);
}

export const generators: Record<string, (file: string) => void> = {
  'deep-json': (file) => writeFileSync(file, `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`),
  'deep-flow-yaml': (file) => writeFileSync(file, `schemaVersion: "1.1"\nslices: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`),
  // Block nesting costs indentation: 2,000 levels are 4 MB of spaces, under the YAML limit.
  'deep-block-yaml': (file) => {
    const lines = ['schemaVersion: "1.1"', 'slices:'];
    for (let i = 1; i <= 2000; i++) lines.push(`${' '.repeat(i)}k:`);
    lines.push(`${' '.repeat(2001)}leaf`);
    writeFileSync(file, `${lines.join('\n')}\n`);
  },
  // A state otherwise fine whose one free-form field (an audit event's payload) nests 150 levels.
  'deep-payload-json': (file) => {
    const payload = `${'{"a":'.repeat(150)}1${'}'.repeat(150)}`;
    writeFileSync(file, `{ ${HEAD}, "slices": { "auditLog": { "status": "ok", ${PROVENANCE}, "data": {
      "window": { "start": "2026-04-01T00:00:00Z", "end": "2026-05-01T00:00:00Z" },
      "events": [{ "id": "e1", "created": "2026-04-02T00:00:00Z", "type": "user.role_changed", "payload": ${payload} }] } } } }\n`);
  },
  'state-50mb-invalid': (file) => writeStateOfSize(file, FIFTY_MB, 'superuser'),
  'state-50mb-truncated': (file) => {
    writeStateOfSize(file, FIFTY_MB, 'member');
    cutEnd(file, 200);
  },
  'state-50mb-yaml': (file) => {
    const line = '  - { email: user@big.example, orgRole: member, status: active, projectRoles: [], teams: [] }\n';
    const out = new StreamedFile(file);
    out.add('schemaVersion: "1.1"\nmembers:\n');
    const lines = Math.ceil(FIFTY_MB / line.length);
    const perBlock = Math.floor(CHUNK / line.length);
    const block = line.repeat(perBlock);
    for (let done = 0; done < lines; done += perBlock) out.add(lines - done >= perBlock ? block : line.repeat(lines - done));
    out.close();
  },
  'members-50mb': (file) => {
    const out = new StreamedFile(file);
    out.add('Email,Name,Org Role,2FA,Last Active,Projects,Teams\n');
    for (let i = 0; out.length < FIFTY_MB; i++) out.add(`user${i}@big.example,User ${i},member,yes,2026-05-01,Acme Web (analyst); Acme EU App (consumer),Data;Growth\n`);
    out.add('last@big.example,Last,superuser,yes,2026-05-01,,\n');
    out.close();
  },
  'audit-log-50mb': (file) => {
    const out = new StreamedFile(file);
    for (let i = 0; out.length < FIFTY_MB; i++) out.add(`{"id":"evt-${i}","created":"2026-05-01T10:00:00Z","user_email":"a@big.example","entity":{"type":"session.logged_in","payload":{"ip":"10.0.0.1"}}}\n`);
    out.add('{"id": "broken", "created": \n');
    out.close();
  },
};
