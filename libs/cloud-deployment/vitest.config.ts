import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The deployed Lambda bundles load as Node loads them on Lambda, not through Vite's transform.
    server: { deps: { external: [/\/cdk\.out\//] } },
  },
});
