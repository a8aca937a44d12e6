import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Synthesizing the whole app with cdk-nag takes several seconds (more with Lambda bundles to stage), and most
    // test files do it once, in beforeAll.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
