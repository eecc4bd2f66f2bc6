/** Jest runs the TypeScript sources through ts-jest (TypeScript 5.x: ts-jest drives the compiler's JS API). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', }] },
  testTimeout: 30000,
};
