/**
 * Jest runs the TypeScript sources through ts-jest in ESM mode (ts-jest only transpiles: `npm test`
 * runs tsc first for the types).
 *
 * maxWorkers: on a 2-core machine Jest's default is one worker (cores - 1), so the files run one
 * after another. The slow files spend much of their time waiting (on the built CLI in a child
 * process, a loopback server, a client's retry back-off), so a second worker overlaps that waiting
 * with another file's work. The CLI is built once by `npm test` before Jest starts; no test builds.
 */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  maxWorkers: 2,
  testTimeout: 60000,
};
