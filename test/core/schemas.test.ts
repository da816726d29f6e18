import { existsSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { schemaFile, validator, type SchemaName } from '../../src/core/schema-validator.js';

// Every schema name the code can ask for has a file in the package, and it compiles.
const NAMES: SchemaName[] = ['org-state', 'check', 'report', 'config', 'attestations', 'exceptions', 'evidence-manifest'];

describe('schemas/', () => {
  it.each(NAMES)('%s exists and compiles', (name) => {
    expect(existsSync(schemaFile(name))).toBe(true);
    expect(typeof validator(name)).toBe('function');
  });
});
