/**
 * Bad inputs too large to commit, written at test time: very deep nesting and 50 MB files.
 * Each generator writes one file and returns nothing; the file's name comes from cases.yaml.
 */
import { writeFileSync } from 'node:fs';

export const FIFTY_MB = 50 * 1024 * 1024;
const DEEP = 100_000;

const HEAD = '"schemaVersion": "1.1", "generatedAt": "2026-05-01T00:00:00Z", "organization": { "id": "42", "name": "Big Co", "region": "US" }';
const PROVENANCE = '"provenance": { "source": "export", "collectedAt": "2026-05-01T00:00:00Z" }';

function member(i: number, role = 'member'): string {
  return `\n        { "email": "user${i}@big.example", "name": "User ${i}", "orgRole": "${role}", "status": "active", "projectRoles": [{ "projectId": "1", "role": "analyst", "via": "direct" }], "teams": ["data", "growth"] }`;
}

/** A state whose members list fills `bytes`, the last member with an invalid role: the error is at the very end. */
function stateOfSize(bytes: number, lastRole: string): string {
  const parts = [`{ ${HEAD},\n  "slices": { "members": { "status": "ok", ${PROVENANCE}, "data": [`];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const m = `${member(i)},`;
    parts.push(m);
    size += m.length;
  }
  parts.push(member(-1, lastRole), '\n  ] } } }\n');
  return parts.join('');
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
  'state-50mb-invalid': (file) => writeFileSync(file, stateOfSize(FIFTY_MB, 'superuser')),
  'state-50mb-truncated': (file) => writeFileSync(file, stateOfSize(FIFTY_MB, 'member').slice(0, -200)),
  'state-50mb-yaml': (file) => {
    const line = '  - { email: user@big.example, orgRole: member, status: active, projectRoles: [], teams: [] }\n';
    writeFileSync(file, `schemaVersion: "1.1"\nmembers:\n${line.repeat(Math.ceil(FIFTY_MB / line.length))}`);
  },
  'members-50mb': (file) => {
    const header = 'Email,Name,Org Role,2FA,Last Active,Projects,Teams\n';
    const parts = [header];
    let size = header.length;
    for (let i = 0; size < FIFTY_MB; i++) {
      const row = `user${i}@big.example,User ${i},member,yes,2026-05-01,Acme Web (analyst); Acme EU App (consumer),Data;Growth\n`;
      parts.push(row);
      size += row.length;
    }
    parts.push('last@big.example,Last,superuser,yes,2026-05-01,,\n');
    writeFileSync(file, parts.join(''));
  },
  'audit-log-50mb': (file) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < FIFTY_MB; i++) {
      const line = `{"id":"evt-${i}","created":"2026-05-01T10:00:00Z","user_email":"a@big.example","entity":{"type":"session.logged_in","payload":{"ip":"10.0.0.1"}}}\n`;
      parts.push(line);
      size += line.length;
    }
    parts.push('{"id": "broken", "created": \n');
    writeFileSync(file, parts.join(''));
  },
};
