// esbuild options of `nx run firehose-router:build` beyond the executor's (project.json): a file, not
// esbuildOptions, because the lake-manifest plugin is code.
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';

export default {
  target: 'node20',
  sourcemap: true,
  outExtension: { '.js': '.mjs' },
  plugins: [lakeManifestPlugin()],
};
