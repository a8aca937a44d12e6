// Workspace lint policy. The module-boundary matrix below is the architecture's dependency
// direction made executable: contract ← domain ← adapter ← app, and only adapters touch AWS SDKs.
import nx from '@nx/eslint-plugin';

const awsAndServerPackages = ['@aws-sdk/*', '@smithy/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'dynalite', 's3rver'];

export const depConstraints = [
  // The lake manifest is the one contract: it may depend on nothing but its validator.
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'], allowedExternalImports: ['zod', 'node:*', 'vitest', 'vitest/config'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contract', 'type:domain'], bannedExternalImports: awsAndServerPackages },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:adapter'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:adapter', 'type:testing'] },
  // An app may read the generated dashboards (the CLI pushes them to Grafana); the dashboards depend on the contract only.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:adapter', 'type:dashboards'], bannedExternalImports: awsAndServerPackages },
  // Infrastructure, the portal's browser code and the dashboards derive from the contract alone (the manifest,
  // the layout, the ledger's definition, the state machine files), never from an adapter or domain library.
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:contract', 'type:plugin'], bannedExternalImports: awsAndServerPackages },
  // The portal's backend reads the running lake through the platform's own adapters (the ledger over the
  // DynamoDB API, the Iceberg catalog), so no query of the ledger or the catalog is written twice.
  { sourceTag: 'type:plugin-backend', onlyDependOnLibsWithTags: ['type:contract', 'type:adapter', 'type:plugin', 'type:plugin-backend'] },
  { sourceTag: 'type:dashboards', onlyDependOnLibsWithTags: ['type:contract'] },
  // The benchmarks' tools (the /proc process-tree sampler): Node's own modules and nothing of the workspace, and only
  // a project's bench/ folder may use them (benchConstraints below), so that nothing shipped starts measuring.
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: [], allowedExternalImports: ['node:*', 'vitest', 'vitest/config'] },
  // Scopes: a feature area sees itself and the shared base; the platform (CLI, local runtime) composes all.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
  { sourceTag: 'scope:lakehouse', onlyDependOnLibsWithTags: ['scope:shared', 'scope:lakehouse'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:shared', 'scope:lakehouse', 'scope:portal'] },
  { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
];

function boundaries(constraints) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: constraints,
    // The check for libraries imported both with import() and statically guards lazily loaded routes of a web
    // app. The CLI loads libraries with import() so that a command loads only what it uses, and imports them
    // statically in modules that are themselves loaded lazily, and in tests; apps/cli/src/start-up.test.ts
    // checks what each command really loads.
    checkDynamicDependenciesExceptions: ['@datamaster/**'],
  };
}

// The portal's backend tests make a real lake to read: they may open the local platform (the embedded ledger,
// the Step Functions API) that the portal's own code never depends on.
const portalTestConstraints = depConstraints.map((c) =>
  c.sourceTag === 'scope:portal' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'scope:platform'] } : c.sourceTag === 'type:plugin-backend' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:domain'] } : c,
);

// A project's bench/ measures what the project ships, from outside: besides what the project may use, the bench tools.
const BENCH_USERS = ['type:domain', 'type:adapter', 'type:app'];
const benchConstraints = depConstraints.map((c) => (BENCH_USERS.includes(c.sourceTag) ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:bench'] } : c));

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.nx', '**/coverage', '**/.datamaster', '**/vite.config.*.timestamp*', '**/vitest.config.*.timestamp*'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(depConstraints)],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@datamaster/*/src/*', '@datamaster/*/src'], message: 'Import the package entry point (@datamaster/<lib>), not its src/ internals.' }] },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    // A failed lookup in a test should fail the test, so asserting non-null there is the point.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['libs/*/bench/**', 'apps/*/bench/**'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(benchConstraints)] },
  },
  {
    files: ['plugins/**/*.test.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(portalTestConstraints)] },
  },
];
