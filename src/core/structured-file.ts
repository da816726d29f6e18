import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type InputProblem } from './errors.js';
import { JsonLocator, jsonNestingBeyond } from './json-text.js';

/** Inputs above this size are refused before parsing, so a hostile file cannot exhaust memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/**
 * YAML costs about a hundred times its size in memory to parse with positions (10 MB took 1.1 GB),
 * so YAML, which people write by hand, has a lower limit; large snapshots are JSON (`collect` writes JSON).
 */
export const MAX_YAML_CHARS = 8 * 1024 * 1024;
/** Deeper nesting than any real input has; refused before it can overflow a recursive parser or renderer. */
export const MAX_NESTING = 100;

/** A parsed JSON or YAML file that can say where a JSON pointer lies in its text. */
export interface StructuredFile {
  file: string;
  data: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
}

/**
 * Refuses, before reading it, a file whose size alone shows it holds more than `maxChars`
 * characters: UTF-8 spends at most 3 bytes on a UTF-16 code unit, so `bytes / 3` characters is the
 * least it decodes to. A 50 MB YAML file was read and decoded whole only to be refused after.
 */
export function refuseAboveChars(file: string, maxChars: number, kind: string, advice?: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // readInputText says why it cannot be read
  }
  const atLeast = Math.ceil(size / 3);
  if (atLeast > maxChars) throw InputError.at(file, `${kind} file is ${size} bytes (at least ${atLeast} characters), above the ${maxChars} limit for ${kind}${advice === undefined ? '' : `; ${advice}`}`);
}

const isJsonFile = (file: string): boolean => extname(file).toLowerCase() === '.json';

/** The text of a JSON or YAML input; a YAML file whose size alone is above the YAML limit is refused unread. */
export function readStructuredText(file: string): string {
  if (!isJsonFile(file)) refuseAboveChars(file, MAX_YAML_CHARS, 'YAML', 'save large inputs as JSON');
  return readInputText(file);
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
  // Fast path: Node decodes the file into a string without a Buffer the program can see. Holding
  // the bytes and the text at once cost 200 MB more at the peak for a 200 MB snapshot, and the
  // decoded text outlived the parse until the end of the scan (another 200 MB). Any file this path
  // cannot vouch for (empty; a NUL; a U+FFFD, from invalid UTF-8, a UTF-16/32 byte-order mark or
  // the file's own text) is read again and judged byte by byte below, with the same messages.
  const fast = readFileSync(file, 'utf8');
  if (fast.length > 0 && !fast.includes('\uFFFD') && !fast.includes('\u0000')) {
    // TextDecoder consumes one byte-order mark and the line at the end strips one more: as there.
    const once = fast.charCodeAt(0) === 0xfeff ? fast.slice(1) : fast;
    return once.charCodeAt(0) === 0xfeff ? once.slice(1) : once;
  }
  return decodeInputBytes(file, readFileSync(file));
}

function decodeInputBytes(file: string, bytes: Buffer): string {
  if (bytes.length === 0) throw InputError.at(file, 'file is empty');
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const utf32 = (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) || (utf16 && bytes[2] === 0 && bytes[3] === 0);
  if (utf16 || utf32) throw InputError.at(file, `file is ${utf32 ? 'UTF-32' : 'UTF-16'} encoded (it starts with a byte-order mark); save it as UTF-8`);
  if (bytes.includes(0)) throw InputError.at(file, 'file is binary (contains NUL bytes), expected UTF-8 text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Locate the first byte that is not UTF-8 (a U+FFFD the file itself holds is legitimate text).
    const lossy = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const { line, column } = lineColumn(lossy, Math.max(0, lossy.indexOf('\uFFFD')));
    throw InputError.at(file, 'file is not valid UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8', line, column);
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

const TOO_DEEP = `nested more than ${MAX_NESTING} levels deep`;

function yamlDocument(file: string, text: string): { doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  // Aliases are capped (billion-laughs), duplicate keys are errors, and no custom tags are known.
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, strict: true, prettyErrors: false, customTags: [] });
  } catch (err) {
    if (err instanceof RangeError) throw InputError.at(file, TOO_DEEP);
    throw err;
  }
  const problems: InputProblem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = counter.linePos(e.pos[0]);
    const message = /call stack/i.test(e.message) ? TOO_DEEP
      : e.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document (a second "---"); give one document'
      : e.message.split('\n')[0]!;
    return { file, line: pos.line, column: pos.col, message };
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
    throw InputError.at(file, err instanceof RangeError ? TOO_DEEP : (err as Error).message);
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first value no later step can handle: nesting beyond MAX_NESTING, or a number that is not
 * finite (1e400, .inf, .nan), which JSON cannot write back and every comparison gets wrong.
 * Iterative, so hostile depth cannot overflow the stack.
 */
export function unsafeValue(data: unknown, checkDepth = true, startDepth = 0): { pointer: string; message: string } | undefined {
  // `startDepth`: the levels above `data` when it is part of a larger document (a slice in a snapshot).
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: data, pointer: '', depth: startDepth }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { pointer, message: `number out of range: ${String(value)} is not a finite number` };
    }
    if (value === null || typeof value !== 'object') continue;
    if (checkDepth && depth >= MAX_NESTING) return { pointer, message: TOO_DEEP };
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      stack.push({ value: entries[i]![1], pointer: `${pointer}/${escapePointer(entries[i]![0])}`, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * What a plain JSON.parse lets through that later steps must not see, in one iterative pass over
 * the parsed data without building pointers: containers nested beyond MAX_NESTING (counted as the
 * text scan counts them: the top-level container is level 1), numbers that are not finite (1e400),
 * and own `__proto__` keys. Valid JSON nests in its data exactly as in its text, except where a
 * duplicate key drops a value: such a value is gone and cannot reach a recursive step anyway.
 */
function jsonHazards(data: unknown): { deep: boolean; nonFinite: boolean; proto: boolean } {
  let nonFinite = false;
  let proto = false;
  const stack: object[] = [];
  const depths: number[] = [];
  // Containers go on the stack; scalars are looked at where they are found.
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'object' && value !== null) {
      stack.push(value);
      depths.push(depth);
    } else if (typeof value === 'number' && !Number.isFinite(value)) nonFinite = true;
  };
  visit(data, 0);
  while (stack.length > 0) {
    const value = stack.pop()!;
    const depth = depths.pop()!;
    if (depth >= MAX_NESTING) return { deep: true, nonFinite, proto };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], depth + 1);
      continue;
    }
    // JSON.parse makes plain objects whose prototype has no enumerable keys: for-in sees own keys.
    for (const key in value) {
      if (key === '__proto__') proto = true;
      visit((value as Record<string, unknown>)[key], depth + 1);
    }
  }
  return { deep: false, nonFinite, proto };
}

/**
 * Parses a JSON or YAML file. JSON goes through JSON.parse (fast, for large state files); its
 * positions are found only when an error must be located, by scanning the text (json-text.ts).
 */
export function loadStructuredFile(file: string, text = readStructuredText(file)): StructuredFile {
  const isJson = isJsonFile(file);
  if (isJson) {
    // Positions are found by scanning the text (json-text.ts), never by a second, YAML parse: that
    // needs about a hundred times the file's size in memory.
    const json = new JsonLocator(text);
    const tooDeep = () => {
      const deep = jsonNestingBeyond(text, MAX_NESTING);
      if (deep >= 0) {
        const pos = json.position(deep);
        throw InputError.at(file, TOO_DEEP, pos.line, pos.column);
      }
    };
    if (text.trim() === '') throw InputError.at(file, 'file holds only whitespace');
    // A plain JSON.parse (iterative in V8, so hostile depth cannot overflow it) and one pass over
    // the result cost a fraction of a reviver plus a scan of the text: at 200 MB, 1.2 s + 0.06 s
    // against 1.2 s + 1.7 s + 0.8 s. The text is scanned, and parsed with the reviver, only when
    // the pass finds something to report or to remove.
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      tooDeep();
      const m = /position (\d+)/.exec((err as Error).message);
      const pos = m ? json.position(Number(m[1])) : undefined;
      throw InputError.at(file, `invalid JSON: ${(err as Error).message.split('\n')[0]}`, pos?.line, pos?.column);
    }
    const hazards = jsonHazards(data);
    if (hazards.deep) tooDeep();
    if (hazards.proto) data = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
    const locate = (pointer: string) => json.locate(pointerSegments(pointer));
    const unsafe = hazards.nonFinite ? unsafeValue(data, false) : undefined;
    if (unsafe) throw new InputError([{ file, ...locate(unsafe.pointer), pointer: unsafe.pointer, message: unsafe.message }]);
    return { file, data, locate };
  }
  if (text.length > MAX_YAML_CHARS) {
    throw InputError.at(file, `YAML file is ${text.length} characters, above the ${MAX_YAML_CHARS} limit for YAML; save large inputs as JSON`);
  }
  const { doc, counter } = yamlDocument(file, text);
  if (doc.contents === null) throw InputError.at(file, 'document is empty');
  const data = toData(file, doc);
  if (!isMap(doc.contents) && !Array.isArray(data)) throw InputError.at(file, 'expected a mapping at the top level', 1, 1);
  const locate = locator(doc, counter);
  const unsafe = unsafeValue(data);
  if (unsafe) throw new InputError([{ file, ...(locate(unsafe.pointer) ?? {}), pointer: unsafe.pointer, message: unsafe.message }]);
  return { file, data, locate };
}
