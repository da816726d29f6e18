import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Runs a composite action's steps the way a GitHub runner would, without GitHub: each `run` step
 * is a bash script (`bash --noprofile --norc -eo pipefail`, the runner's default) with the
 * step's `env`, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files in a temp runner folder and
 * the workspace as working folder. `uses` steps are not run; they are returned with their `with`
 * values resolved, for the test to check. Expressions: `inputs.*`, `github.action_path`,
 * `steps.<id>.outputs.*`, string literals, `==`, `!=`, `&&`, `always()`; anything else throws, so
 * an action the harness cannot read fails the test instead of running differently.
 */

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepRun {
  name: string;
  kind: 'run' | 'uses';
  skipped: boolean;
  /** For run steps: the exit status; for uses steps: undefined. */
  status?: number;
  uses?: string;
  with?: Record<string, string>;
  stdout?: string;
  stderr?: string;
}

export interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, Record<string, string>>;
  summary: string;
  /** The job's result: failed when any step that ran failed. */
  failed: boolean;
}

export interface ActionContext {
  actionPath: string;
  workspace: string;
  runnerTemp: string;
  inputs: Record<string, string>;
  /** The job's environment (secrets go here, as in a workflow's `env:`). */
  env: Record<string, string>;
}

export function loadAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Runs a script without blocking this process: the fake Mixpanel answering the scan lives here too. */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

export async function runAction(action: ActionFile, ctx: ActionContext): Promise<ActionRun> {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = ctx.inputs[k] ?? v.default ?? '';
  for (const k of Object.keys(ctx.inputs)) if (!(k in action.inputs)) throw new Error(`the action has no input ${k}`);
  const outputs: Record<string, Record<string, string>> = {};
  const jobEnv: Record<string, string> = {};
  const summaryFile = join(ctx.runnerTemp, 'step_summary.md');
  const envFile = join(ctx.runnerTemp, 'github_env');
  mkdirSync(ctx.runnerTemp, { recursive: true });
  writeFileSync(summaryFile, '');
  writeFileSync(envFile, '');

  const value = (expr: string): string | boolean => {
    const e = expr.trim();
    const lit = /^'([^']*)'$/.exec(e);
    if (lit) return lit[1]!;
    if (e === 'always()') return true;
    const input = /^inputs\.([\w-]+)$/.exec(e);
    if (input) {
      if (!(input[1]! in inputs)) throw new Error(`unknown input ${input[1]}`);
      return inputs[input[1]!]!;
    }
    if (e === 'github.action_path') return ctx.actionPath;
    const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (out) return outputs[out[1]!]?.[out[2]!] ?? '';
    throw new Error(`expression not understood: ${e}`);
  };
  const condition = (expr: string): boolean =>
    expr.split('&&').every((part) => {
      const cmp = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(part.trim());
      if (!cmp) return value(part) === true || (typeof value(part) === 'string' && value(part) !== '');
      const [a, b] = [value(cmp[1]!), value(cmp[3]!)];
      return cmp[2] === '==' ? a === b : a !== b;
    });
  const substitute = (text: string): string => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, e: string) => String(value(e)));

  const steps: StepRun[] = [];
  let failed = false;
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i}`;
    const cond = step.if?.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
    const runs = cond === undefined ? !failed : (cond.includes('always()') ? true : !failed) && condition(cond);
    if (step.uses) {
      steps.push({ name, kind: 'uses', skipped: !runs, uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v))])) });
      continue;
    }
    if (!runs) {
      steps.push({ name, kind: 'run', skipped: true });
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: composite run steps need shell: bash`);
    if (/\$\{\{/.test(step.run ?? '')) throw new Error(`${name}: an expression inside run: would splice values into the script`);
    const outputFile = join(ctx.runnerTemp, `output-${i}`);
    writeFileSync(outputFile, '');
    const script = join(ctx.runnerTemp, `step-${i}.sh`);
    writeFileSync(script, step.run ?? '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v))]));
    const r = await runScript(script, ctx.workspace, {
        PATH: process.env.PATH ?? '',
        HOME: ctx.runnerTemp,
        NO_COLOR: '1',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: ctx.workspace,
        GITHUB_ACTION_PATH: ctx.actionPath,
        RUNNER_TEMP: ctx.runnerTemp,
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...ctx.env,
        ...jobEnv,
        ...stepEnv,
    });
    Object.assign(jobEnv, parseKeyValues(readFileSync(envFile, 'utf8')));
    if (step.id) outputs[step.id] = parseKeyValues(readFileSync(outputFile, 'utf8'));
    const status = r.status;
    if (status !== 0) failed = true;
    steps.push({ name, kind: 'run', skipped: false, status, stdout: r.stdout, stderr: r.stderr });
  }
  return { steps, outputs, summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '', failed };
}
