import { create } from 'xmlbuilder2';
import type { CheckResult, ScanReport } from './report.js';
import { basisLine } from './basis-text.js';
import { displayText } from '../core/text-safety.js';
import { expectedOf } from './finding-expected.js';

/**
 * JUnit XML for CI test views: one test case per check. `fail` is a failure, `error` (a source
 * could not be read) an error; `manual`, `not_applicable` and `excepted` are skipped with the
 * reason, because none of them was demonstrated to pass, and none should turn the view red.
 * The document is valid against Jenkins xUnit's junit-10.xsd (reference/junit/junit-10.xsd), the
 * strictest of the common readers; the tests check it with xmllint.
 */

/**
 * Outside text as a CI view shows it: what src/core/text-safety.ts never shows (escape sequences,
 * controls, bidirectional overrides) removed, then what XML 1.0 forbids even when escaped (lone
 * surrogates, U+FFFE/U+FFFF).
 */
export function xmlText(value: string): string {
  let out = '';
  for (const ch of displayText(value)) {
    const c = ch.codePointAt(0)!;
    if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) out += ch;
  }
  return out;
}

function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Resource lines per failure body; the complete list is in report.json and report.csv. */
const MAX_RESOURCES = 100;

function details(r: CheckResult): string {
  const lines = [r.message, ''];
  const listed = r.resources.filter((x) => x.status !== 'manual' || r.status === 'manual');
  for (const x of listed.slice(0, MAX_RESOURCES)) {
    lines.push(`- ${x.type} ${x.id}${x.name && x.name !== x.id ? ` (${x.name})` : ''} [${x.status}${x.exception ? ` by ${x.exception}` : ''}${x.change ? `, ${x.change}` : ''}]: observed ${showValue(x.observed)}; expected ${expectedOf(r, x)}`);
  }
  if (listed.length > MAX_RESOURCES) lines.push(`… and ${listed.length - MAX_RESOURCES} more (report.json)`);
  lines.push('', `Basis: ${basisLine(r.basis)}`, '', `Remediation:\n${r.remediation}`);
  return xmlText(lines.join('\n'));
}

function skipReason(r: CheckResult): string {
  if (r.status === 'excepted' && r.exception) return `excepted by ${r.exception.id} until ${r.exception.expires} (original status ${r.originalStatus ?? 'fail'}): ${r.exception.justification}`;
  if (r.status === 'manual') return `manual: ${r.message}`;
  return `not applicable: ${r.message}`;
}

export function renderJunit(report: ScanReport): string {
  const s = report.scan;
  const count = (st: CheckResult['status'][]) => report.results.filter((r) => st.includes(r.status)).length;
  const totals = {
    tests: report.results.length,
    failures: count(['fail']),
    errors: count(['error']),
    skipped: count(['manual', 'not_applicable', 'excepted']),
  };
  // JUnit's schema takes a local timestamp without zone; the scan time is UTC.
  const timestamp = s.now.replace(/Z$/, '');
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  // Jenkins' xUnit plugin validates against junit-10.xsd (reference/junit/), whose <testsuites>
  // takes only name, time, tests, failures and errors: skipped and timestamp live on <testsuite>.
  const suites = doc.ele('testsuites', { name: report.tool.name, tests: totals.tests, failures: totals.failures, errors: totals.errors, time: '0' });
  const suite = suites.ele('testsuite', {
    name: xmlText(`Mixpanel hardening ${s.level}: ${s.organization.name} (${s.organization.id})`),
    tests: totals.tests, failures: totals.failures, errors: totals.errors, skipped: totals.skipped, time: '0', timestamp,
  });
  const props = suite.ele('properties');
  for (const [name, value] of [
    ['organization', s.organization.id], ['region', s.organization.region], ['level', s.level],
    ['stateSha256', s.stateSha256], ['policiesSha256', s.policiesSha256], ['complete', String(s.complete)],
    ['tool', `${report.tool.name} ${report.tool.version}`],
  ] as const) props.ele('property', { name, value: xmlText(value) });
  for (const r of report.results) {
    const tc = suite.ele('testcase', { name: xmlText(`${r.id} ${r.title}`), classname: `mixpanel-hardening.${r.level}.section-${r.section}`, time: '0' });
    if (r.status === 'fail') tc.ele('failure', { message: xmlText(r.message), type: r.severity }).txt(details(r));
    else if (r.status === 'error') tc.ele('error', { message: xmlText(r.message), type: 'source-unreadable' }).txt(details(r));
    else if (r.status !== 'pass') tc.ele('skipped', { message: xmlText(skipReason(r)) });
  }
  return `${doc.end({ prettyPrint: true })}\n`;
}
