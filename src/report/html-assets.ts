import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { packagePath } from '../core/paths.js';

import type { HtmlAssets } from './render-html.js';

// An isolated Handlebars instance: templates are ours, values are escaped by `{{ }}` everywhere; the
// only unescaped insertions are our own static CSS and JS.
const hbs = Handlebars.create();
hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));

let cached: HtmlAssets | undefined;

/**
 * The HTML report's template, CSS and JS, read from the package's templates/ folder and compiled,
 * once per process. The caller hands them to the renderer, so that rendering itself reads no file.
 */
export function loadHtmlAssets(): HtmlAssets {
  cached ??= {
    template: hbs.compile(readFileSync(packagePath('templates', 'report.html.hbs'), 'utf8'), { strict: false, noEscape: false }),
    css: readFileSync(packagePath('templates', 'report.css'), 'utf8'),
    js: readFileSync(packagePath('templates', 'report.js'), 'utf8'),
  };
  return cached;
}
