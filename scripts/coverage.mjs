#!/usr/bin/env node
/**
 * `npm run coverage`: how many of the checks Mixpanel's own records decide on a realistic
 * organization, measured against the loopback fake Mixpanel (no network beyond 127.0.0.1).
 *
 *   node scripts/coverage.mjs [--json FILE] [--keep]
 *
 * It starts the fake (test/support/fake-mixpanel, loaded through tsx, a dev dependency, so a fresh
 * clone needs only `npm ci`) serving Northwind Metrics (coverage-org.ts), then runs the built CLI's
 * `scan` twice as a separate process:
 *   (a) a service account, a SCIM token and the audit-log API, and no file at all;
 *   (b) the same, plus the members export and the roster a person would supply.
 * For each it prints what the audit-log read covered (the window asked for, the retention read from
 * the entries, and from when the login record is complete), the checks decided (pass or fail), split by basis, and every check left
 * `manual` with the scan's own words on what would decide it. Nothing is hard-coded: the figures
 * are whatever the checks decide. Expects a build: `npm run coverage` builds first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const { values: args } = parseArgs({ options: { json: { type: 'string' }, keep: { type: 'boolean', default: false } } });

if (!existsSync(CLI)) {
  process.stderr.write('coverage: dist/ is missing; run `npm run coverage` (it builds first) or `npm run build`\n');
  process.exit(2);
}

const fakeMixpanel = await tsImport('../test/support/fake-mixpanel/index.ts', import.meta.url);
const { startFakeMixpanel, coverageOrg, coverageMembersCsv, coverageRosterYaml, COVERAGE_NOW } = fakeMixpanel;

/** The basis kinds from most to least direct; a check counts under the weakest it has (as the report's words do). */
const STRENGTH = ['mixpanel-api', 'mixpanel-internal-api', 'scim', 'audit-log', 'export', 'attestation'];

function weakest(basis) {
  const kinds = basis.map((b) => b.kind).filter((k) => k !== 'none');
  return kinds.sort((a, b) => STRENGTH.indexOf(b) - STRENGTH.indexOf(a))[0] ?? 'none';
}

/** The CLI as its own process; asynchronous, so that the fake in this process keeps answering. */
function runCli(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

async function scan(fake, work, label, extra) {
  const out = join(work, label);
  const run = await runCli([
    CLI, 'scan', '--api-base-url', fake.baseUrl, '--now', COVERAGE_NOW, '--out', out, '--format', 'json',
    '--no-evidence', '--fail-on', 'none', '--allow-incomplete', '--quiet', ...extra,
  ], {
    PATH: process.env.PATH ?? '',
    MIXPANEL_SERVICE_ACCOUNT_USERNAME: fake.credentials.username,
    MIXPANEL_SERVICE_ACCOUNT_SECRET: fake.credentials.secret,
    MIXPANEL_SCIM_TOKEN: fake.credentials.scimToken,
  });
  if (run.status !== 0) throw new Error(`scan ${label} exited ${run.status}:\n${run.stderr}`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  // What the audit log read covered: the window asked for, how long Mixpanel keeps the entries, and
  // from when the login record is complete (what the inactivity checks can see).
  const log = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')).slices.auditLog?.data;
  const audit = log && {
    window: log.window,
    retentionDays: log.facts?.retentionDays ?? null,
    retentionFrom: log.facts?.retentionFrom ?? null,
    loginsSince: log.coverage?.find((c) => c.type === 'session.logged_in')?.coveredSince ?? null,
  };
  const results = report.results;
  const decided = results.filter((r) => r.status === 'pass' || r.status === 'fail');
  const byBasis = {};
  for (const r of decided) {
    const k = weakest(r.basis);
    byBasis[k] = (byBasis[k] ?? 0) + 1;
  }
  const fromRecords = decided.filter((r) => !r.basis.some((b) => b.kind === 'export' || b.kind === 'attestation')).length;
  return {
    label,
    audit,
    total: results.length,
    decided: decided.length,
    fromRecords,
    byBasis,
    byStatus: Object.fromEntries(['pass', 'fail', 'manual', 'error', 'not_applicable', 'excepted'].map((s) => [s, results.filter((r) => r.status === s).length])),
    manual: results.filter((r) => r.status === 'manual').map((r) => ({ id: r.id, title: r.title, needs: r.message })),
    other: results.filter((r) => r.status === 'error' || r.status === 'not_applicable').map((r) => ({ id: r.id, status: r.status, why: r.message })),
  };
}

function print(m, title) {
  const lines = [`\n${title}`, `  decided: ${m.decided} of ${m.total} (pass ${m.byStatus.pass}, fail ${m.byStatus.fail}); from Mixpanel's records alone: ${m.fromRecords}`];
  if (m.audit) {
    const kept = m.audit.retentionDays === null ? 'retention unknown' : `entries kept ${m.audit.retentionDays} days (${m.audit.retentionFrom})`;
    lines.push(`  audit log: asked ${m.audit.window.start} to ${m.audit.window.end}; ${kept}; logins on record since ${m.audit.loginsSince ?? 'never'}`);
  }
  lines.push(`  by basis (each check under its weakest kind): ${Object.entries(m.byBasis).sort((a, b) => STRENGTH.indexOf(a[0]) - STRENGTH.indexOf(b[0])).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  lines.push(`  not decided: manual ${m.byStatus.manual}, not applicable ${m.byStatus.not_applicable}, error ${m.byStatus.error}`);
  for (const x of m.other) lines.push(`    ${x.id} ${x.status}: ${x.why}`);
  lines.push(`  left manual, and what would decide each:`);
  for (const x of m.manual) lines.push(`    ${x.id} ${x.title}\n      ${x.needs}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const work = mkdtempSync(join(tmpdir(), 'mph-coverage-'));
const fake = await startFakeMixpanel({ org: coverageOrg(), scimPageCap: 100 });
try {
  const members = join(work, 'members.csv');
  const roster = join(work, 'roster.yaml');
  writeFileSync(members, coverageMembersCsv());
  writeFileSync(roster, coverageRosterYaml());
  const a = await scan(fake, work, 'a-records-only', []);
  const b = await scan(fake, work, 'b-with-members-and-roster', ['--members', members, '--roster', roster]);
  process.stdout.write(`coverage on the fixture organization Northwind Metrics (loopback fake Mixpanel), as of ${COVERAGE_NOW}\n`);
  print(a, '(a) service account + SCIM token + audit-log API, no file:');
  print(b, '(b) plus the members export and the roster:');
  process.stdout.write(`\nsummary: (a) ${a.decided} of ${a.total} decided; (b) ${b.decided} of ${b.total} decided\n`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ now: COVERAGE_NOW, a, b }, null, 2)}\n`);
} finally {
  await fake.close();
  if (args.keep) process.stdout.write(`kept: ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
