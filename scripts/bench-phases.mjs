#!/usr/bin/env node
/**
 * One benchmark tier, in process: times each phase of a scan of STATE_FILE separately and prints
 * one JSON object on stdout. Run by scripts/bench.mjs in a fresh process per tier, so that one
 * tier's heap does not slow the next.
 *
 *   node scripts/bench-phases.mjs STATE_FILE NOW
 *
 * The phases are those of `scan --state` (src/cli/commands/scan.ts), called one by one: reading,
 * parsing, validating and hashing the state; loading the policies; evaluating; building and
 * validating the report; rendering every format in FORMATS (whatever formats exist today).
 */
import { readInputText, loadStructuredFile } from '../dist/src/core/structured-file.js';
import { assertValid } from '../dist/src/core/schema-validator.js';
import { sha256 } from '../dist/src/state/load-state.js';
import { loadPolicies } from '../dist/src/policy/load-policies.js';
import { evaluateCheck } from '../dist/src/engine/evaluate-check.js';
import { buildReport } from '../dist/src/report/build-report.js';
import { assertReportValid } from '../dist/src/pipeline/scan-pipeline.js';
import { FORMATS } from '../dist/src/report/formats.js';
import { DEFAULT_HTML_OPTIONS } from '../dist/src/report/render-html.js';
import { DEFAULT_MAX_ATTESTATION_AGE } from '../dist/src/policy/config.js';

const [file, nowText] = process.argv.slice(2);
if (!file || !nowText) {
  process.stderr.write('usage: bench-phases.mjs STATE_FILE NOW\n');
  process.exit(2);
}

const phases = {};
function time(name, fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  phases[name] = Number(process.hrtime.bigint() - start) / 1e6;
  return value;
}

const text = time('read', () => readInputText(file));
const source = time('parse', () => loadStructuredFile(file, text));
const state = time('validate', () => assertValid('org-state', source));
time('sha256', () => sha256(text));
const checks = time('policies', () => loadPolicies());
const now = Date.parse(nowText);

// Evaluation, check by check, so that the slowest checks can be named.
const perCheck = [];
const outcomes = time('evaluate', () => checks.map((check) => {
  const start = process.hrtime.bigint();
  const outcome = evaluateCheck(check, state, { now, maxAttestationAge: DEFAULT_MAX_ATTESTATION_AGE, params: {} });
  perCheck.push({ id: check.id, ms: Number(process.hrtime.bigint() - start) / 1e6, findings: outcome.resources.length });
  return outcome;
}));
const report = time('build report', () => buildReport({ checks, outcomes, state, stateSha256: '0'.repeat(64), now, level: 'L3' }));
time('validate report', () => assertReportValid(report));

const formats = {};
const opts = { html: DEFAULT_HTML_OPTIONS };
for (const [name, format] of Object.entries(FORMATS)) {
  const start = process.hrtime.bigint();
  const out = format.render(report, opts);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  formats[name] = { ms, bytes: Buffer.byteLength(out, 'utf8') };
}

perCheck.sort((a, b) => b.ms - a.ms);
process.stdout.write(`${JSON.stringify({
  phases,
  formats,
  checks: checks.length,
  findings: outcomes.reduce((n, o) => n + o.resources.length, 0),
  slowestChecks: perCheck.slice(0, 6),
  maxRssKb: process.resourceUsage().maxRSS,
})}\n`);
