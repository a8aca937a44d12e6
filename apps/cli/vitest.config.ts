import { sqlText } from '@datamaster/lake-manifest/vite-sql-text';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sqlText()],
  test: { include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
});
