import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/run-cli.js';

// The config's members.columns reaches the members loader from the command line.
describe('members.columns through the CLI', () => {
  const dir = tempDir();
  const csv = join(dir, 'members.csv');
  writeFileSync(csv, 'Work Email,Access Level,Dept\na@b.example,Owner,Sales\n');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'members:\n  columns:\n    "Work Email": email\n    "Access Level": orgRole\n');

  it('validate reads the file through the mapping and warns once about the column nothing reads', async () => {
    const r = await runCli(['validate', '--members', csv, '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`valid: members ${csv}`);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: .*members\.csv: 1 column not read .*"Dept" \(1:25\)$/)]);
  });

  it('without the mapping the same file is refused (exit 2) with every problem at once', async () => {
    const r = await runCli(['validate', '--members', csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/members\.csv:1:1: missing required column "Email"/);
    expect(r.stderr).toMatch(/members\.csv:1:1: missing required column "Org Role"/);
  });
});
