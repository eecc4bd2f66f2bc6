/** Jest runs the TypeScript sources through ts-jest (TypeScript 5.x: ts-jest drives the compiler's JS API). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Real RSA keys from a pool kept on disk instead of new ones for every platform (see the file).
  setupFiles: ['<rootDir>/test/support/cached-rsa-keys.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', }] },
  // Browser journeys take 10-20 s on two idle cores; the margin is for a loaded machine.
  testTimeout: 90000,
};
