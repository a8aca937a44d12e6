import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // The CLI's entry point turns off the SDK's Node-version notice (see src/datamaster.ts); tests run commands
    // in-process, so they do the same, or the notice fills the report.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The deployed Lambda bundles (aws-target.test.ts) load as Node loads them on Lambda, not through Vite's transform.
    server: { deps: { external: [/\/cdk\.out\//] } },
  },
});
