// Transform SQL files are imported as text: vitest through vite-sql-text.mjs, bundles through
// esbuild's text loader.
declare module '*.sql' {
  const text: string;
  export default text;
}
