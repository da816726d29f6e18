import { renderHtml, type HtmlOptions } from './render-html.js';
import { renderJson } from './render-json.js';
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
};

export function formatNames(): string[] {
  return Object.keys(FORMATS);
}
