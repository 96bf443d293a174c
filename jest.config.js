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
  // Real servers and databases: give each test room. forceExit stays off, so a
  // server, pool or timer a test leaves open keeps jest from exiting and shows
  // up, instead of being cut off silently.
  forceExit: false,
};
