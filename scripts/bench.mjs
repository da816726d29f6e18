#!/usr/bin/env node
/**
 * `npm run bench`: every speed target of the project beside its ratio, measured in this run on this
 * machine (docs/performance.md shows a run and explains each row). Nothing here is asserted in tests.
 *
 *   node scripts/bench.mjs [--quick] [--tiers 10000,100000] [--profiles bench,finding-heavy]
 *                          [--repeat 3] [--startup-repeat 7] [--no-startup] [--no-scan]
 *                          [--no-collect] [--phases] [--seed N] [--keep] [--json FILE]
 *   BENCH_TIERS=10000 BENCH_REPEAT=1 npm run bench          (sizes and repeats via the environment)
 *
 * Every figure is CPU time (user + sys) of a whole child process against a floor measured in the
 * same run, alternating the two so that a busy machine slows both alike:
 *   - startup: `--version`, `--help`, `list` and `scan --demo --format json,html --no-evidence`
 *     against `node -e 0`;
 *   - offline scan: `scan --state FILE --format json,html` (evidence bundle on, the default) against
 *     the floor (scripts/bench-floor.mjs: read, JSON.parse and JSON.stringify the same state file),
 *     for each size and generator profile (src/bench/generate-org.ts; `finding-heavy`: most members
 *     dormant, most service accounts flawed); peak RSS against the floor's; report.json's size
 *     against the state's, and the fields each finding repeats that its check states once;
 *   - collection: the real collector against the loopback fake Mixpanel at 25 ms a request
 *     (scripts/bench-collect.mjs), wall time against the theoretical floor, and the time from
 *     process start to the first request.
 * CPU and peak RSS come from /usr/bin/time -v, or from scripts/bench-maxrss.mjs where it is missing
 * (BENCH_RSS=wrapper forces that). --phases adds an in-process timing of each scan phase
 * (scripts/bench-phases.mjs). Expects a build: `npm run bench` builds first.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
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
    quick: { type: 'boolean', default: false },
    tiers: { type: 'string' },
    profiles: { type: 'string', default: 'bench,finding-heavy' },
    repeat: { type: 'string' },
    'startup-repeat': { type: 'string' },
    seed: { type: 'string', default: '20260601' },
    'violation-rate': { type: 'string', default: '0.02' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    'no-startup': { type: 'boolean', default: false },
    'no-scan': { type: 'boolean', default: false },
    'no-collect': { type: 'boolean', default: false },
    phases: { type: 'boolean', default: false },
  },
});
const tiers = (args.tiers ?? process.env.BENCH_TIERS ?? (args.quick ? '10000' : '10000,100000'))
  .split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n >= 10);
const repeat = Math.max(1, Number(args.repeat ?? process.env.BENCH_REPEAT ?? (args.quick ? 1 : 3)) || 1);
const startupRepeat = Math.max(1, Number(args['startup-repeat'] ?? (args.quick ? 3 : 7)) || 1);
const profiles = args.profiles.split(',').map((s) => s.trim()).filter(Boolean);
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
// Child processes, measured

const haveTime = (() => {
  if (process.env.BENCH_RSS === 'wrapper' || !existsSync(TIME)) return false;
  const probe = spawnSync(TIME, ['-v', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr) && /User time/.test(probe.stderr);
})();

/**
 * Runs `node ...nodeArgs` as a child: CPU milliseconds (user + sys), peak RSS (KiB), wall ms, stdout.
 * `nodeArgs` is a script and its arguments, or `-e CODE`.
 */
function runNode(nodeArgs, { okStatus = [0] } = {}) {
  let command;
  let argv;
  let usageFile;
  if (haveTime) {
    command = TIME;
    argv = ['-v', process.execPath, ...nodeArgs];
  } else {
    usageFile = join(mkdtempSync(join(tmpdir(), 'mph-usage-')), 'usage.json');
    command = process.execPath;
    argv = [join(ROOT, 'scripts', 'bench-maxrss.mjs'), usageFile, ...nodeArgs];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: ROOT });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status)) {
    throw new Error(`node ${nodeArgs.join(' ')} exited with ${r.status}:\n${r.stderr.split('\n').filter((l) => !/^\s+\w.*: /.test(l)).slice(0, 20).join('\n')}`);
  }
  let cpuMs;
  let rssKb;
  if (haveTime) {
    const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1]);
    cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
    rssKb = field('Maximum resident set size \\(kbytes\\)');
  } else {
    const u = JSON.parse(readFileSync(usageFile, 'utf8'));
    cpuMs = (u.userCPUTime + u.systemCPUTime) / 1000;
    rssKb = u.maxRSS;
    rmSync(dirname(usageFile), { recursive: true, force: true });
  }
  return { cpuMs, rssKb, wallMs, stdout: r.stdout };
}

/** Alternates the floor and the command `n` times; medians of both. */
function alternate(n, floorArgs, commandArgs, opts = {}) {
  const floor = [];
  const cmd = [];
  for (let i = 0; i < n; i++) {
    floor.push(runNode(floorArgs));
    const out = opts.before?.();
    cmd.push(runNode(typeof commandArgs === 'function' ? commandArgs(out) : commandArgs, { okStatus: opts.okStatus ?? [0] }));
    opts.after?.(out, i);
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  return {
    floor: { cpuMs: m(floor, 'cpuMs'), rssKb: m(floor, 'rssKb'), wallMs: m(floor, 'wallMs') },
    cmd: { cpuMs: m(cmd, 'cpuMs'), rssKb: m(cmd, 'rssKb'), wallMs: m(cmd, 'wallMs'), runsCpuMs: cmd.map((c) => c.cpuMs) },
  };
}

// ---------------------------------------------------------------------------------------------
// Startup

function benchStartup() {
  const out = mkdtempSync(join(tmpdir(), 'mph-bench-demo-'));
  const rows = [
    { name: '--version', args: [CLI, '--version'], limit: 2 },
    { name: '--help', args: [CLI, '--help'], limit: 2 },
    { name: 'list', args: [CLI, 'list'], limit: 2 },
    { name: 'scan --demo --format json,html --no-evidence', args: [CLI, 'scan', '--demo', '--format', 'json,html', '--no-evidence', '--out', out, '--fail-on', 'none', '--quiet'], limit: 4 },
  ];
  const results = [];
  for (const row of rows) {
    log(`startup: ${row.name} (${startupRepeat} alternating runs)`);
    // The demo organization is incomplete on purpose (exit 3); the exit code is not what is measured.
    const r = alternate(startupRepeat, ['-e', '0'], row.args, { okStatus: [0, 1, 3] });
    results.push({ ...row, floorCpuMs: r.floor.cpuMs, cpuMs: r.cmd.cpuMs, ratio: r.cmd.cpuMs / r.floor.cpuMs });
  }
  rmSync(out, { recursive: true, force: true });
  return results;
}

// ---------------------------------------------------------------------------------------------
// Organizations and offline scans

const generatorDigest = createHash('sha256').update(readFileSync(GENERATOR)).update(readFileSync(join(ROOT, 'dist', 'src', 'bench', 'random.js'))).digest('hex').slice(0, 12);
const cacheDir = join(tmpdir(), 'mixpanel-hardening-bench');
mkdirSync(cacheDir, { recursive: true });

function stateFor(members, profile) {
  const stem = `org-${profile}-${members}-s${args.seed}-v${args['violation-rate']}-`;
  const file = join(cacheDir, `${stem}${generatorDigest}.json`);
  if (!existsSync(file)) {
    for (const f of readdirSync(cacheDir)) if (f.startsWith(stem)) rmSync(join(cacheDir, f), { force: true });
    log(`  generating ${members.toLocaleString('en')} members (${profile}) ...`);
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-org.mjs'), '--members', String(members), '--profile', profile, '--seed', args.seed, '--violation-rate', args['violation-rate'], '--now', NOW, '--out', `${file}.tmp`], { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(`generate-org failed: ${r.stderr}`);
    writeFileSync(file, readFileSync(`${file}.tmp`));
    rmSync(`${file}.tmp`, { force: true });
  }
  return file;
}

/**
 * What report.json says about its findings, without depending on its exact layout (which is being
 * reshaped): the check results are the array of objects with `id` and `status`; a check's findings
 * are its longest array of objects. A field is "repeated" when every finding of a check with five or
 * more carries it with the same value: the check could state it once.
 */
function reportFacts(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let results = [];
  const seek = (v, depth) => {
    if (depth > 3 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length > 0 && v.every((x) => x && typeof x === 'object' && 'id' in x && 'status' in x) && v.length > results.length) results = v;
      return;
    }
    for (const x of Object.values(v)) seek(x, depth + 1);
  };
  seek(report, 0);
  let findings = 0;
  const repeated = new Set();
  for (const r of results) {
    let list = [];
    for (const v of Object.values(r)) if (Array.isArray(v) && v.length > list.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) list = v;
    findings += list.length;
    // Two or three findings agree by chance; five that all carry one value state it per finding.
    if (list.length < 5) continue;
    for (const key of Object.keys(list[0])) {
      const first = JSON.stringify(list[0][key]);
      if (list.every((f) => JSON.stringify(f[key]) === first)) repeated.add(key);
    }
  }
  return { findings, repeated: [...repeated].sort() };
}

function dirBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? dirBytes(p) : st.size;
  }
  return total;
}

function benchScan(members, profile) {
  log(`scan: ${members.toLocaleString('en')} members, ${profile} profile (${repeat} alternating runs)`);
  const file = stateFor(members, profile);
  const stateBytes = statSync(file).size;
  let facts;
  let reportBytes;
  let outputBytes;
  const r = alternate(
    repeat,
    [join(ROOT, 'scripts', 'bench-floor.mjs'), file],
    (out) => [CLI, 'scan', '--state', file, '--format', 'json,html', '--out', out, '--now', NOW, '--fail-on', 'none', '--quiet'],
    {
      okStatus: [0, 1],
      before: () => mkdtempSync(join(tmpdir(), 'mph-bench-out-')),
      after: (out, i) => {
        if (i === 0) {
          reportBytes = statSync(join(out, 'report.json')).size;
          outputBytes = dirBytes(out);
          facts = reportFacts(join(out, 'report.json'));
        }
        if (args.keep && i === 0) log(`  kept ${out}`);
        else rmSync(out, { recursive: true, force: true });
      },
    },
  );
  let phases;
  if (args.phases) {
    const p = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench-phases.mjs'), file, NOW], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 28 });
    phases = p.status === 0 ? JSON.parse(p.stdout) : { error: (p.stderr || '').trim().split('\n')[0] };
  }
  return { members, profile, stateBytes, reportBytes, outputBytes, ...facts, floor: r.floor, scan: r.cmd, phases };
}

// ---------------------------------------------------------------------------------------------
// Collection (scripts/bench-collect.mjs prints { text, targets, runs })

function benchCollect() {
  const script = join(ROOT, 'scripts', 'bench-collect.mjs');
  log('collection against the loopback fake Mixpanel ...');
  const r = spawnSync(process.execPath, [script, ...(args.quick ? ['--quick'] : [])], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 28 });
  if (r.status !== 0) return { text: `Collection: not measured (${(r.stderr || r.stdout).trim().split('\n')[0]})`, targets: [] };
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Printing

function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
const fmtMb = (kb) => `${((kb * 1024) / 1e6).toFixed(0)} MB`;
const fmtBytes = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(0)} kB`);
const x = (r) => `×${r.toFixed(2)}`;

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/**
 * Why a target is missed, where the cause is known from profiles of this build (docs/performance.md
 * has the profiles). Printed beside a target only when it does not hold.
 */
const CAUSES = {
  startup: 'loading yargs (ESM, ~45 modules) costs about one `node -e 0` by itself; a bundled build would remove most module resolution',
  list: 'as --version, plus the modules list imports (yaml, re2js and the policy loader, loaded though the precompiled pack makes them unused)',
  demo: 'handlebars compiles the HTML template at run time, the precompiled validators (1.6 MB of code) are parsed, and yaml, handlebars and the renderers load as modules',
  scanCpu: 'at 10k the fixed start of a scan (about 1.2 s: module loading, the HTML template compiled at run time, 1.6 MB of precompiled validators parsed; see the demo row) is over a third of the CPU; without it the ratio is about 2',
  scanRss: 'the report model and the evidence bundle hold the findings several times over',
  report: 'each finding repeats fields its check states once',
};

function printAll(startup, scans, collect) {
  const out = [];
  const cpu = cpus();
  out.push(`mixpanel-hardening benchmark: node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} CPU (${cpu[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average at start ${loadavg()[0].toFixed(1)}`);
  out.push(`CPU time = user + sys of the child process (${haveTime ? '/usr/bin/time -v' : 'process.resourceUsage() through scripts/bench-maxrss.mjs'}); medians of alternating runs.`);
  const targets = [];
  if (startup) {
    out.push('');
    out.push(`Startup (${startupRepeat} runs each, alternating with node -e 0)`);
    out.push(table([['command', 'CPU', 'node -e 0', 'ratio', 'target'], ...startup.map((s) => [s.name, fmtMs(s.cpuMs), fmtMs(s.floorCpuMs), x(s.ratio), `≤ ×${s.limit}`])]));
    for (const s of startup) {
      const cause = s.name === 'list' ? CAUSES.list : s.name.startsWith('scan') ? CAUSES.demo : CAUSES.startup;
      targets.push([`${s.name}: CPU ≤ ${s.limit}× node -e 0`, x(s.ratio), s.ratio <= s.limit, cause]);
    }
  }
  if (scans.length > 0) {
    out.push('');
    out.push(`Offline scan --format json,html, evidence on (${repeat} runs each, alternating with the floor: read + JSON.parse + JSON.stringify of the state)`);
    out.push(table([
      ['organization', 'state', 'findings', 'floor CPU', 'scan CPU', 'CPU ratio', 'floor RSS', 'scan RSS', 'RSS ratio', 'report.json', '/state'],
      ...scans.map((s) => [`${s.members / 1000}k ${s.profile}`, fmtBytes(s.stateBytes), s.findings.toLocaleString('en'), fmtMs(s.floor.cpuMs), fmtMs(s.scan.cpuMs), x(s.scan.cpuMs / s.floor.cpuMs), fmtMb(s.floor.rssKb), fmtMb(s.scan.rssKb), x(s.scan.rssKb / s.floor.rssKb), fmtBytes(s.reportBytes), x(s.reportBytes / s.stateBytes)]),
    ]));
    for (const s of scans) {
      const name = `${s.members / 1000}k ${s.profile}`;
      const cpuLimit = s.profile === 'bench' && s.members === 100_000 ? 2 : 3;
      if (s.members >= 10_000) {
        targets.push([`${name}: scan CPU ≤ ${cpuLimit}× floor`, x(s.scan.cpuMs / s.floor.cpuMs), s.scan.cpuMs <= cpuLimit * s.floor.cpuMs, CAUSES.scanCpu]);
        targets.push([`${name}: peak RSS ≤ 2× floor`, x(s.scan.rssKb / s.floor.rssKb), s.scan.rssKb <= 2 * s.floor.rssKb, CAUSES.scanRss]);
      }
      targets.push([`${name}: no field repeated in every finding of a check`, s.repeated.length === 0 ? 'none' : s.repeated.join(', '), s.repeated.length === 0, CAUSES.report]);
    }
    const phased = scans.filter((s) => s.phases && !s.phases.error);
    if (phased.length > 0) {
      out.push('');
      out.push('Phases, in process (--phases)');
      const names = Object.keys(phased[0].phases.phases);
      out.push(table([['phase', ...phased.map((s) => `${s.members / 1000}k ${s.profile}`)], ...names.map((n) => [n, ...phased.map((s) => fmtMs(s.phases.phases[n] ?? 0))])]));
    }
    for (const s of scans.filter((s) => s.phases?.error)) out.push(`Phases at ${s.members / 1000}k ${s.profile}: not measured (${s.phases.error})`);
  }
  if (collect) {
    out.push('');
    out.push(collect.text);
    targets.push(...collect.targets.map(([t, m, ok, cause]) => [t, m, ok, cause ?? '']));
  }
  out.push('');
  out.push('Targets (issue 13)');
  out.push(table([['target', 'measured', 'holds'], ...targets.map(([t, m, ok]) => [t, m, ok ? 'yes' : 'NO'])]));
  const gaps = targets.filter(([, , ok]) => !ok);
  if (gaps.length > 0) {
    out.push('');
    out.push('Causes of the gaps (from profiles of this build)');
    for (const [t, , , cause] of gaps) out.push(`- ${t}: ${cause}`);
  }
  return out.join('\n');
}

const startup = args['no-startup'] ? undefined : benchStartup();
const scans = [];
if (!args['no-scan']) for (const profile of profiles) for (const members of tiers) scans.push(benchScan(members, profile));
const collect = args['no-collect'] ? undefined : benchCollect();
process.stdout.write(`${printAll(startup, scans, collect)}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ startup, scans, collect, repeat, startupRepeat, seed: args.seed }, null, 2)}\n`);
