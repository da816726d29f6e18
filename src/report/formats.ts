import { renderCsv } from './render-csv.js';
import { renderDefectDojo } from './render-defectdojo.js';
import { renderHtml, type HtmlOptions } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-md.js';
import { renderOcsf } from './render-ocsf.js';
import { renderOscal } from './render-oscal.js';
import { renderSarif } from './render-sarif.js';
import type { ScanReport } from './report.js';

export interface RenderOptions {
  html: HtmlOptions;
}

/** An output format: the file it is written to and a pure function of the report. */
export interface Format {
  file: string;
  render(report: ScanReport, opts: RenderOptions): string;
}

/** Every format, by the name `--format` takes. Each renders from report.json alone. */
export const FORMATS: Record<string, Format> = {
  json: { file: 'report.json', render: (r) => renderJson(r) },
  html: { file: 'report.html', render: (r, o) => renderHtml(r, o.html) },
  sarif: { file: 'report.sarif', render: (r) => renderSarif(r) },
  csv: { file: 'report.csv', render: (r) => renderCsv(r) },
  junit: { file: 'report.junit.xml', render: (r) => renderJunit(r) },
  oscal: { file: 'report.oscal.json', render: (r) => renderOscal(r) },
  md: { file: 'report.md', render: (r) => renderMarkdown(r) },
  defectdojo: { file: 'report.defectdojo.json', render: (r) => renderDefectDojo(r) },
  ocsf: { file: 'report.ocsf.jsonl', render: (r) => renderOcsf(r) },
};

export function formatNames(): string[] {
  return Object.keys(FORMATS);
}
