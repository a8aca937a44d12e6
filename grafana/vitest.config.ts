import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The panels' SQL runs on a real lake the built CLI makes: seed, ingest, process.
  test: { include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 300_000 },
});
