import { defineConfig } from 'vitest/config';
import { sqlText } from './vite-sql-text.mjs';

export default defineConfig({
  plugins: [sqlText()],
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
