import { sqlText } from '@datamaster/lake-manifest/vite-sql-text';
import { defineConfig } from 'vitest/config';

// The contract document carries the transform SQL, which lake-manifest imports as .sql text.
export default defineConfig({
  plugins: [sqlText()],
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
