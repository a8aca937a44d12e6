// esbuild options of `nx run cli:build` beyond the executor's (project.json): a file, not esbuildOptions,
// because the lake-manifest plugin is code.
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';

export default {
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  plugins: [lakeManifestPlugin()],
};
