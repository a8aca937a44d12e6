import { defineConfig } from 'vitest/config';

export default defineConfig({
  // These tests run the real worker (gzip, Parquet encoding on a worker thread) against an embedded
  // DynamoDB; on a busy 2-core machine a test can take several seconds.
  test: { include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});
