// esbuild options of `nx run cli:build` beyond the executor's (project.json): a file, not esbuildOptions,
// because the lake-manifest plugin is code.
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';

export default {
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  // Each command loads its engine (DuckDB, the AWS SDK, the Parquet encoder) with `import()` when it runs: split,
  // those are chunks of their own, so `--help`, `--version` and the light commands never read them.
  splitting: true,
  // The Parquet encoder's worker file is found next to the module that starts it, so project.json copies it in here too.
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lakeManifestPlugin()],
};
