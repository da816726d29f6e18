import { renderCsv } from './render-csv.js';
import { renderDefectDojo } from './render-defectdojo.js';
import { renderHtml, type HtmlAssets, type HtmlOptions } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-md.js';
import { renderOcsf } from './render-ocsf.js';
import { renderOscal } from './render-oscal.js';
import { renderSarif } from './render-sarif.js';
import type { ScanReport } from './report.js';

export interface RenderOptions {
  html: HtmlOptions;
  /** The HTML template and its CSS and JS (src/report/html-assets.ts), loaded by the caller. */
  htmlAssets?: HtmlAssets;
}

/** An output format: the file it is written to and a pure function of the report. */
export interface Format {
  file: string;
  render(report: ScanReport, opts: RenderOptions): string;
}

/** Every format, by the name `--format` takes. Each renders from report.json alone. */
export const FORMATS: Record<string, Format> = {
  json: { file: 'report.json', render: (r) => renderJson(r) },
  html: {
    file: 'report.html',
    render: (r, o) => {
      if (!o.htmlAssets) throw new Error('internal error: the HTML format needs its assets (loadHtmlAssets)');
      return renderHtml(r, o.htmlAssets, o.html);
    },
  },
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

/**
 * The report files of earlier runs that this run does not write: every file name a format owns,
 * less those of the formats chosen now. A scan removes them after writing its own, so an output
 * folder only ever holds one run's reports (see "Output folder" in the README).
 */
export function staleReportFiles(formats: readonly string[]): string[] {
  const current = new Set(formats.map((f) => FORMATS[f]?.file));
  return Object.values(FORMATS).map((f) => f.file).filter((file) => !current.has(file));
}
