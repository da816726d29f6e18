#!/usr/bin/env node
/**
 * `npm run bench`: how scan time and memory grow with the size of an organization, as multiples of
 * a floor measured in the same run (see docs/performance.md for a run and what it shows).
 *
 *   node scripts/bench.mjs [--tiers 1000,10000,100000] [--repeat 3] [--seed N] [--violation-rate R]
 *                          [--keep] [--json FILE] [--no-collect]
 *
 * For each tier (members; projects, service accounts, teams and audit events in proportion) it
 *   1. generates a synthetic organization (scripts/generate-org.mjs; cached by size, seed and
 *      generator build in the system's temp folder);
 *   2. runs, alternately and `--repeat` times, the floor (scripts/bench-floor.mjs: read, JSON.parse
 *      and JSON.stringify the state file, nothing else) and the real command
 *      `scan --state FILE --format all`, each as its own process, measuring wall time and peak RSS
 *      (/usr/bin/time -v when installed, else scripts/bench-maxrss.mjs);
 *   3. times each phase in process (scripts/bench-phases.mjs): load, validate, evaluate, build,
 *      render every format that src/report/formats.ts registers;
 * then prints every figure beside the floor and checks the targets of issue 6. Medians are printed;
 * nothing is asserted in tests. Expects a build: `npm run bench` builds first.
 * BENCH_RSS=wrapper takes peak memory from scripts/bench-maxrss.mjs even where /usr/bin/time exists.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GENERATOR = join(ROOT, 'dist', 'src', 'bench', 'generate-org.js');
const NOW = '2026-06-01T00:00:00Z';
const TIME = '/usr/bin/time';

const { values: args } = parseArgs({
  options: {
    tiers: { type: 'string', default: '1000,10000,100000' },
    repeat: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20260601' },
    'violation-rate': { type: 'string', default: '0.02' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    'no-collect': { type: 'boolean', default: false },
  },
});
const tiers = args.tiers.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n >= 10);
const repeat = Math.max(1, Number(args.repeat) || 1);
if (!existsSync(CLI) || !existsSync(GENERATOR)) {
  process.stderr.write('bench: dist/ is missing or stale; run `npm run bench` (it builds first) or `npm run build`\n');
  process.exit(2);
}

const log = (line) => process.stderr.write(`${line}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Processes, timed

const haveTime = (() => {
  // BENCH_RSS=wrapper measures through scripts/bench-maxrss.mjs even where /usr/bin/time exists.
  if (process.env.BENCH_RSS === 'wrapper' || !existsSync(TIME)) return false;
  const probe = spawnSync(TIME, ['-v', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
})();

/** Runs `node SCRIPT ARGS` as a child process: wall milliseconds, peak RSS (KiB), exit status. */
function runNode(script, scriptArgs, { okStatus = [0] } = {}) {
  let command;
  let argv;
  let rssFile;
  if (haveTime) {
    command = TIME;
    argv = ['-v', process.execPath, script, ...scriptArgs];
  } else {
    rssFile = join(mkdtempSync(join(tmpdir(), 'mph-rss-')), 'maxrss');
    command = process.execPath;
    argv = [join(ROOT, 'scripts', 'bench-maxrss.mjs'), rssFile, script, ...scriptArgs];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: ROOT });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status)) {
    throw new Error(`${script} ${scriptArgs.join(' ')} exited with ${r.status}:\n${r.stderr.split('\n').filter((l) => !/^\s+\w.*: /.test(l)).slice(0, 20).join('\n')}`);
  }
  let rssKb;
  if (haveTime) rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  else {
    rssKb = Number(readFileSync(rssFile, 'utf8'));
    rmSync(dirname(rssFile), { recursive: true, force: true });
  }
  return { wallMs, rssKb, stdout: r.stdout };
}

// ---------------------------------------------------------------------------------------------
// Organizations

const generatorDigest = createHash('sha256').update(readFileSync(GENERATOR)).update(readFileSync(join(ROOT, 'dist', 'src', 'bench', 'random.js'))).digest('hex').slice(0, 12);
const cacheDir = join(tmpdir(), 'mixpanel-hardening-bench');
mkdirSync(cacheDir, { recursive: true });

function stateFor(members) {
  const file = join(cacheDir, `org-${members}-s${args.seed}-v${args['violation-rate']}-${generatorDigest}.json`);
  if (!existsSync(file)) {
    // Older generations of this size are stale: the generator changed.
    for (const f of readdirSync(cacheDir)) if (f.startsWith(`org-${members}-s${args.seed}-v${args['violation-rate']}-`)) rmSync(join(cacheDir, f), { force: true });
    log(`  generating ${members.toLocaleString('en')} members ...`);
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-org.mjs'), '--members', String(members), '--seed', args.seed, '--violation-rate', args['violation-rate'], '--now', NOW, '--out', `${file}.tmp`], { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(`generate-org failed: ${r.stderr}`);
    writeFileSync(file, readFileSync(`${file}.tmp`));
    rmSync(`${file}.tmp`, { force: true });
  }
  return file;
}

function dirBytes(dir) {
  const out = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    out[name] = st.isDirectory() ? Object.values(dirBytes(p)).reduce((a, b) => a + b, 0) : st.size;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One tier

function benchTier(members) {
  log(`tier ${members.toLocaleString('en')} members`);
  const file = stateFor(members);
  const stateBytes = statSync(file).size;
  const floor = [];
  const scan = [];
  let outputs = {};
  for (let i = 0; i < repeat; i++) {
    // Alternate floor and scan, so that a busy machine slows both alike and the ratio holds.
    floor.push(runNode(join(ROOT, 'scripts', 'bench-floor.mjs'), [file]));
    const out = mkdtempSync(join(tmpdir(), 'mph-bench-out-'));
    scan.push(runNode(CLI, ['scan', '--state', file, '--format', 'all', '--out', out, '--now', NOW, '--fail-on', 'none', '--quiet'], { okStatus: [0, 1] }));
    outputs = dirBytes(out);
    if (!args.keep) rmSync(out, { recursive: true, force: true });
    else log(`  kept ${out}`);
    log(`  run ${i + 1}/${repeat}: floor ${fmtMs(floor.at(-1).wallMs)}, scan ${fmtMs(scan.at(-1).wallMs)}, scan peak ${fmtMb(scan.at(-1).rssKb)}`);
  }
  const phaseRuns = [];
  for (let i = 0; i < repeat; i++) phaseRuns.push(JSON.parse(runNode(join(ROOT, 'scripts', 'bench-phases.mjs'), [file, NOW]).stdout));
  const phases = {};
  for (const name of Object.keys(phaseRuns[0].phases)) phases[name] = median(phaseRuns.map((r) => r.phases[name]));
  const formats = {};
  for (const name of Object.keys(phaseRuns[0].formats)) formats[name] = { ms: median(phaseRuns.map((r) => r.formats[name].ms)), bytes: phaseRuns[0].formats[name].bytes };
  const shape = JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', `import { orgShape } from ${JSON.stringify(GENERATOR)}; console.log(JSON.stringify(orgShape({ members: ${members} })));`], { encoding: 'utf8' }).stdout);
  return {
    members,
    shape,
    stateBytes,
    findings: phaseRuns[0].findings,
    checks: phaseRuns[0].checks,
    slowestChecks: phaseRuns[0].slowestChecks,
    floor: { wallMs: median(floor.map((r) => r.wallMs)), rssKb: median(floor.map((r) => r.rssKb)) },
    scan: { wallMs: median(scan.map((r) => r.wallMs)), rssKb: median(scan.map((r) => r.rssKb)), runsMs: scan.map((r) => r.wallMs) },
    phases,
    formats,
    outputs,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing

function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
function fmtMb(kb) {
  return `${((kb * 1024) / 1e6).toFixed(0)} MB`;
}
function fmtBytes(b) {
  return b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(0)} kB`;
}
function ratio(x, floor) {
  return `×${(x / floor).toFixed(2)}`;
}
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

function printResults(results, collect) {
  const out = [];
  const cpu = cpus();
  out.push(`mixpanel-hardening benchmark: node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} CPU (${cpu[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  out.push(`seed ${args.seed}, violation rate ${args['violation-rate']}, --now ${NOW}; median of ${repeat} run(s); peak memory from ${haveTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'}`);
  out.push('');
  out.push(table([
    ['organization', ...results.map((r) => `${(r.members / 1000).toLocaleString('en')}k members`)],
    ['projects / service accounts / teams', ...results.map((r) => `${r.shape.projects} / ${r.shape.serviceAccounts} / ${r.shape.teams}`)],
    ['audit events', ...results.map((r) => r.shape.auditEvents.toLocaleString('en'))],
    ['state file', ...results.map((r) => fmtBytes(r.stateBytes))],
    ['checks / findings', ...results.map((r) => `${r.checks} / ${r.findings.toLocaleString('en')}`)],
  ]));
  out.push('');
  out.push('Whole processes (wall time, peak RSS) and the floor: read + JSON.parse + JSON.stringify of the same file');
  const head = ['', ...results.flatMap((r) => [`${r.members / 1000}k`, '/floor'])];
  out.push(table([
    head,
    ['floor wall', ...results.flatMap((r) => [fmtMs(r.floor.wallMs), ''])],
    ['scan --format all wall', ...results.flatMap((r) => [fmtMs(r.scan.wallMs), ratio(r.scan.wallMs, r.floor.wallMs)])],
    ['floor peak RSS', ...results.flatMap((r) => [fmtMb(r.floor.rssKb), ''])],
    ['scan --format all peak RSS', ...results.flatMap((r) => [fmtMb(r.scan.rssKb), ratio(r.scan.rssKb, r.floor.rssKb)])],
  ]));
  out.push('');
  out.push('Phases of a scan, in process (each beside the floor\'s wall time)');
  const phaseNames = Object.keys(results[0].phases);
  const formatNames = Object.keys(results[0].formats);
  out.push(table([
    head,
    ...phaseNames.map((p) => [p, ...results.flatMap((r) => [fmtMs(r.phases[p]), ratio(r.phases[p], r.floor.wallMs)])]),
    ...formatNames.map((f) => [`render ${f} (${results.map((r) => fmtBytes(r.formats[f].bytes)).join(', ')})`, ...results.flatMap((r) => [fmtMs(r.formats[f].ms), ratio(r.formats[f].ms, r.floor.wallMs)])]),
  ]));
  out.push('');
  const last = results.at(-1);
  out.push(`Slowest checks at ${last.members.toLocaleString('en')} members: ${last.slowestChecks.map((c) => `${c.id} ${fmtMs(c.ms)}`).join(', ')}`);
  out.push(`Files written at ${last.members.toLocaleString('en')} members: ${Object.entries(last.outputs).map(([n, b]) => `${n} ${fmtBytes(b)}`).join(', ')}`);
  out.push('');

  const targets = [];
  const big = results.find((r) => r.members === 100_000);
  if (big) {
    targets.push([`100k: scan --format all wall ≤ 3× floor`, `${ratio(big.scan.wallMs, big.floor.wallMs)} (${fmtMs(big.scan.wallMs)} vs ${fmtMs(big.floor.wallMs)})`, big.scan.wallMs <= 3 * big.floor.wallMs]);
    targets.push([`100k: scan --format all peak RSS < 1 GB`, fmtMb(big.scan.rssKb), big.scan.rssKb * 1024 < 1e9]);
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const grow = b.members / a.members;
    const limit = grow * 1.2;
    const got = b.phases.evaluate / a.phases.evaluate;
    targets.push([`evaluation ${a.members / 1000}k -> ${b.members / 1000}k (${grow}× members) ≤ ${limit.toFixed(0)}×`, `${got.toFixed(1)}× (${fmtMs(a.phases.evaluate)} -> ${fmtMs(b.phases.evaluate)})`, got <= limit]);
  }
  for (const r of results) {
    const html = r.outputs['report.html'];
    if (html !== undefined) targets.push([`${r.members / 1000}k: report.html < 5 MB`, fmtBytes(html), html < 5e6]);
  }
  if (collect) targets.push(...collect.targets);
  out.push('Targets (issue 6)');
  out.push(table([['target', 'measured', 'holds'], ...targets.map(([t, m, ok]) => [t, m, ok ? 'yes' : 'NO'])]));
  if (collect) {
    out.push('');
    out.push(collect.text);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Collection against the loopback fake Mixpanel (issue 6, section 2)

function benchCollect() {
  // The hook: scripts/bench-collect.mjs prints one JSON object { text, targets } when the fake
  // server and the collector it drives are available; until then it says why not.
  const script = join(ROOT, 'scripts', 'bench-collect.mjs');
  if (args['no-collect'] || !existsSync(script)) return undefined;
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 28 });
  if (r.status !== 0) return { text: `Collection: not measured (${(r.stderr || r.stdout).trim().split('\n')[0]})`, targets: [] };
  return JSON.parse(r.stdout);
}

const results = [];
for (const members of tiers) results.push(benchTier(members));
const collect = benchCollect();
const text = printResults(results, collect);
process.stdout.write(`${text}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ results, collect, repeat, seed: args.seed }, null, 2)}\n`);
