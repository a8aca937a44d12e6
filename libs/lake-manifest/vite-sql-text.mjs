// Vite/Vitest plugin: `import sql from './x.sql'` gives the file's text, as esbuild's text loader
// does in the bundles. Projects whose tests reach the transform SQL add it to their vitest config.
export function sqlText() {
  return {
    name: 'datamaster-sql-text',
    transform(code, id) {
      if (!id.endsWith('.sql')) return undefined;
      return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}
