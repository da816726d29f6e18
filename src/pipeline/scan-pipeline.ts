import { runChecks } from '../engine/run-checks.js';
import { ExitError, InputError } from '../core/errors.js';
import { relevantErrors, describeError, validator } from '../core/schema-validator.js';
import type { Check, Level, ParamValue } from '../language/check.js';
import { assembleScanReport, type ScanReportInput } from './assemble-report.js';
import { FORMATS, type RenderOptions } from '../report/formats.js';
import { loadHtmlAssets } from '../report/html-assets.js';
import type { ScanReport } from '../report/report.js';
import type { OrgState } from '../state/org-state.js';
import type { OutputFile } from '../core/write-atomic.js';

export interface EvaluateInput extends Omit<ScanReportInput, 'outcomes'> {
  checks: Check[];
  state: OrgState;
  stateSha256: string;
  now: number;
  level: Level;
  params?: Record<string, Record<string, ParamValue>>;
  maxAttestationAge: string;
}

/** State and post-step inputs in, the report out: evaluated, then assembled once. Pure. */
export function evaluateToReport(input: EvaluateInput): ScanReport {
  const outcomes = runChecks(input.checks, input.state, { now: input.now, maxAttestationAge: input.maxAttestationAge, ...(input.params ? { params: input.params } : {}) });
  return assembleScanReport({ ...input, outcomes });
}

/** A report that does not match its own schema is our defect: refuse to write it (exit 4). */
export function assertReportValid(report: ScanReport): void {
  const validate = validator('report');
  if (!validate(report)) {
    const detail = relevantErrors(validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${describeError(e)}`).join('; ');
    throw new ExitError(`internal error: the report does not validate against schemas/report.schema.json: ${detail}`, 4);
  }
}

/** Renders every requested format in memory, so that nothing is written if one fails. */
export function renderFormats(report: ScanReport, formats: string[], given: RenderOptions): OutputFile[] {
  // The renderers read no file: the HTML template is read here, once, when the HTML is wanted.
  const opts = formats.includes('html') && !given.htmlAssets ? { ...given, htmlAssets: loadHtmlAssets() } : given;
  return formats.map((name) => {
    const format = FORMATS[name];
    if (!format) throw new InputError([{ file: '--format', message: `unknown format "${name}"` }]);
    return { name: format.file, content: format.render(report, opts) };
  });
}
