import { defineConfig } from 'vitest/config';

export default defineConfig({
  // bench/: the large ingest bench's sampler.
  test: { include: ['src/**/*.test.ts', 'bench/**/*.test.ts'], environment: 'node' },
});
