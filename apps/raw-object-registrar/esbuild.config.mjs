// esbuild options of `nx run raw-object-registrar:build` beyond the executor's (project.json): a file, not
// esbuildOptions, because the lake-manifest plugin is code.
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';

export default {
  outExtension: { '.js': '.mjs' },
  // The bundle is ESM; the AWS SDK's CommonJS parts still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  plugins: [lakeManifestPlugin()],
};
