import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { packageInputs, packedPackage, type PackedPackage } from '../support/packed-package.js';

// What a global install gets: the bin plus every file the CLI reads at run time. The file list is
// the one `npm pack` of this build that test/package/install.test.ts installs.
describe('npm pack', () => {
  let packed: PackedPackage;
  beforeAll(async () => {
    packed = await packedPackage();
  });

  it('ships the bin, the policy pack, schemas, catalogs, templates and the demo', () => {
    const files = new Set(packed.files);
    for (const required of [
      'dist/src/cli/main.js',
      // The precompiled policy pack npm run build writes (src/policy/policy-pack.ts).
      'dist/src/policy/policy-pack.json',
      'policies/checks/MP-2.3.1.yaml',
      'schemas/org-state.schema.json',
      'schemas/check.schema.json',
      'schemas/report.schema.json',
      'reference/nist-800-53-rev5-controls.json',
      'reference/soc2-tsc-2017.json',
      'reference/cis-controls-v8.json',
      'templates/report.html.hbs',
      'templates/report.css',
      'templates/report.js',
      'demo/org-state.json',
    ]) {
      expect([required, files.has(required)]).toEqual([required, true]);
    }
    expect([...files].some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);
    // The licence and the action ship; the benchmark does not (it is a development tool).
    for (const f of ['LICENSE', 'action.yml', 'reference/junit/junit-10.xsd']) expect([f, files.has(f)]).toEqual([f, true]);
    expect([...files].filter((f) => f.startsWith('dist/src/bench'))).toEqual([]);
  });

  it('the shared pack is keyed by every file it holds, so a changed build is packed again', async () => {
    const inputs = new Set(await packageInputs(process.cwd()));
    expect(packed.files.filter((f) => !inputs.has(f))).toEqual([]);
  });

  it('LICENSE matches package.json, which names its repository and homepage', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string; repository?: { url?: string }; homepage?: string; scripts: Record<string, string> };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    // A git-URL install builds dist/ in npm's clone.
    expect(pkg.scripts.prepare).toBe('npm run build');
  });
});
