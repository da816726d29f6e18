/**
 * A YAML or CSV file whose size alone shows it is above the character limit is refused before it
 * is read: at most 3 UTF-8 bytes make one UTF-16 code unit, so bytes / 3 is the fewest characters
 * it can hold. Sparse files stand in for large ones: their size is real, their bytes are never written.
 */
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { loadStructuredFile, MAX_YAML_CHARS } from '../../src/core/structured-file.js';
import { MAX_CSV_CHARS, readCsvText } from '../../src/collect/inputs/csv-table.js';
import { loadStateFile } from '../../src/state/load-state.js';
import { tempDir } from '../support/run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sparse(name: string, bytes: number): string {
  const dir = tempDir('mph-sparse-');
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, '');
  truncateSync(file, bytes);
  return file;
}

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
};

describe('refused by size before reading', () => {
  it('a YAML file above three bytes per allowed character', () => {
    const file = sparse('big.yaml', 3 * MAX_YAML_CHARS + 3);
    expect(messageOf(() => loadStructuredFile(file))).toMatch(new RegExp(`YAML file is ${3 * MAX_YAML_CHARS + 3} bytes \\(at least ${MAX_YAML_CHARS + 1} characters\\), above the ${MAX_YAML_CHARS} limit for YAML; save large inputs as JSON`));
  });

  it('a YAML state snapshot, read by its own loader', () => {
    const file = sparse('state.yaml', 3 * MAX_YAML_CHARS + 3);
    expect(messageOf(() => loadStateFile(file))).toMatch(/limit for YAML; save large inputs as JSON$/);
  });

  it('a YAML file that could still hold few enough characters is read and judged on its content', () => {
    const file = sparse('edge.yaml', 3 * MAX_YAML_CHARS);
    expect(messageOf(() => loadStructuredFile(file))).toMatch(/binary \(contains NUL bytes\)/);
  });

  it('a JSON file is not held to the YAML limit', () => {
    const file = sparse('big.json', 3 * MAX_YAML_CHARS + 3);
    expect(messageOf(() => loadStructuredFile(file))).not.toMatch(/limit for YAML/);
  });

  it('a CSV export above the CSV limit', () => {
    const file = sparse('members.csv', 3 * MAX_CSV_CHARS + 1);
    expect(messageOf(() => readCsvText(file))).toMatch(/CSV file is \d+ bytes \(at least \d+ characters\), above the \d+ limit for CSV$/);
    expect(messageOf(() => readCsvText(file, 'an audit log this large can be exported as NDJSON'))).toMatch(/limit for CSV; an audit log this large can be exported as NDJSON$/);
  });
});
