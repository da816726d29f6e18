import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type InputProblem } from '../errors.js';

/** Inputs above this size are refused before parsing, so a hostile file cannot exhaust memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A parsed JSON or YAML file that can say where a JSON pointer lies in its text. */
export interface StructuredFile {
  file: string;
  data: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
}

export function readInputText(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw InputError.at(file, 'not a regular file');
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw InputError.at(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (size > MAX_INPUT_BYTES) throw InputError.at(file, `file is ${size} bytes, above the ${MAX_INPUT_BYTES}-byte limit`);
  const bytes = readFileSync(file);
  if (bytes.length === 0) throw InputError.at(file, 'file is empty');
  if (bytes.includes(0)) throw InputError.at(file, 'file is binary (contains NUL bytes), expected UTF-8 text');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) {
    const at = text.indexOf('\uFFFD');
    const { line, column } = lineColumn(text, at);
    throw InputError.at(file, 'file is not valid UTF-8', line, column);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function yamlDocument(file: string, text: string): { doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  // Aliases are capped (billion-laughs), duplicate keys are errors, and no custom tags are known.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, strict: true, prettyErrors: false, customTags: [] });
  const problems: InputProblem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = counter.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0]! };
  });
  if (problems.length > 0) throw new InputError(problems);
  return { doc, counter };
}

function locator(doc: Document, counter: LineCounter) {
  return (pointer: string) => {
    const segments = pointerSegments(pointer);
    // Walk up to the nearest existing node: a missing property is reported at its parent object.
    for (let n = segments.length; n >= 0; n--) {
      const path = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const node = n === 0 ? doc.contents : doc.getIn(path, true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        const pos = counter.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

function toData(file: string, doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw InputError.at(file, (err as Error).message);
  }
}

/**
 * Parses a JSON or YAML file. JSON goes through JSON.parse (fast, for large state files); its
 * positions are recovered lazily, by parsing it again as YAML only when an error must be located.
 */
export function loadStructuredFile(file: string, text = readInputText(file)): StructuredFile {
  const isJson = extname(file).toLowerCase() === '.json';
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const pos = m ? lineColumn(text, Number(m[1])) : undefined;
      throw InputError.at(file, `invalid JSON: ${(err as Error).message.split('\n')[0]}`, pos?.line, pos?.column);
    }
    let cached: ReturnType<typeof locator> | undefined;
    return {
      file,
      data,
      locate(pointer) {
        if (!cached) {
          const { doc, counter } = yamlDocument(file, text);
          cached = locator(doc, counter);
        }
        return cached(pointer);
      },
    };
  }
  const { doc, counter } = yamlDocument(file, text);
  if (doc.contents === null) throw InputError.at(file, 'document is empty');
  if (!isMap(doc.contents) && !Array.isArray(toData(file, doc))) throw InputError.at(file, 'expected a mapping at the top level', 1, 1);
  return { file, data: toData(file, doc), locate: locator(doc, counter) };
}
