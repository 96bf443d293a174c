/**
 * One jest run for the whole repository. TypeScript is transformed by swc;
 * ES modules need NODE_OPTIONS=--experimental-vm-modules (set by `npm test`).
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/kit/test',
    '<rootDir>/server/test',
    '<rootDir>/client-web/test',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@picard/kit/(.*)\\.js$': '<rootDir>/kit/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'es6' },
      },
    ],
  },
  testTimeout: 60_000,
  // Every test file loads the app's whole ES module graph into a fresh VM
  // context, and a process never gets those back: run in band, one process
  // grew by about 300 MB per file, to 9.4 GB, until late files timed out.
  // Worker processes are replaced once they hold more than
  // workerIdleMemoryLimit after a file, so memory stays bounded. jest compares
  // the limit with the V8 heap only, while most of what a file leaves behind
  // (PGlite's WebAssembly memory, VM contexts) lives outside it: hence a low
  // limit, which in practice replaces the worker after every file that starts
  // the app (about a second each). Two workers suit the 2-core machines this
  // runs on (the files mostly wait on servers and databases they start);
  // `npm test -- --maxWorkers=N` overrides.
  maxWorkers: 2,
  workerIdleMemoryLimit: '200MB',
  // Jest must exit by itself: an open handle left by a test is a bug to fix.
  forceExit: false,
};
