import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Synthesizing the whole app with cdk-nag takes several seconds.
    testTimeout: 60_000,
  },
});
