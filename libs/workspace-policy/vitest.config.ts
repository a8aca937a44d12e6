import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Linting loads the Nx project graph and typescript-eslint; the first file takes a few seconds.
  test: { include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});
