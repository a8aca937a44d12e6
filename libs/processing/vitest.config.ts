import { defineConfig } from 'vitest/config';

export default defineConfig({
  // bench/: the scale bench's pieces (option parsing, sampling, attribution, the curve).
  test: { include: ['src/**/*.test.ts', 'bench/**/*.test.ts'], environment: 'node' },
});
