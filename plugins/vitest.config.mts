// One run for every package: backend packages in Node, the frontend plugin in jsdom. `globals` and the
// jest alias in the setup file are for Backstage's test utilities, which call jest.fn() themselves.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'backend', environment: 'node', include: ['{lake-catalog-common,lake-catalog-node,catalog-backend-module-lake,lake-catalog-backend}/src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'frontend',
          environment: 'jsdom',
          include: ['lake-catalog/src/**/*.test.{ts,tsx}'],
          // Some of Backstage's frontend dependencies import directories as ES modules (e.g. @mui/material/Popover
          // from material-ui-popup-state), which only a bundler resolves: let Vite transform them.
          server: { deps: { inline: [/material-ui-popup-state/, /@backstage\//] } },
        },
      },
      // The portal in a real browser: needs the built CLI (npm test builds it) and Chromium.
      { extends: true, test: { name: 'e2e', environment: 'node', include: ['e2e/**/*.e2e.test.ts'] } },
    ],
  },
});
