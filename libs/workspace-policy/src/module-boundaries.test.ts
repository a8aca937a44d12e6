// Proves the module-boundary matrix in eslint.config.mjs is enforced, not decoration: each probe
// is linted as if it were a file of the named project, and must (or must not) be refused.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: workspaceRoot });

/** The boundary errors of `code` as a file of the project in `projectDir`, in its src/ unless `folder` says otherwise. */
async function boundaryErrors(projectDir: string, code: string, folder = 'src'): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath: `${workspaceRoot}${projectDir}/${folder}/boundary-probe.ts` });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('allows the manifest library its validator', async () => {
    expect(await boundaryErrors('libs/lake-manifest', "import { z } from 'zod';\nvoid z;")).toEqual([]);
  });

  it('forbids the manifest library any other package', async () => {
    expect(await boundaryErrors('libs/lake-manifest', "import pc from 'picocolors';\nvoid pc;")).toEqual([
      'A project tagged with "type:contract" is not allowed to import "picocolors"',
    ]);
  });

  it('forbids the manifest library any other workspace library', async () => {
    const errors = await boundaryErrors('libs/lake-manifest', "import { initLakeHome } from '@datamaster/lake-home';\nvoid initLakeHome;");
    expect(errors).toContain('A project tagged with "type:contract" can only depend on libs tagged with "type:contract"');
  });

  it('forbids libraries to import apps', async () => {
    const errors = await boundaryErrors('libs/lake-home', "import { runCli } from '../../../apps/cli/src/program.js';\nvoid runCli;");
    // Apps export nothing by package name, so the only way in is a path, which the rule refuses.
    expect(errors).toEqual(['Projects cannot be imported by a relative or absolute path, and must begin with a npm scope']);
  });

  it('keeps AWS SDKs out of domain code and apps (only adapters may import them)', async () => {
    const sdk = "import { S3Client } from '@aws-sdk/client-s3';\nvoid S3Client;";
    expect(await boundaryErrors('libs/lake-home', sdk)).toEqual(['A project tagged with "type:domain" is not allowed to import "@aws-sdk/client-s3"']);
    expect(await boundaryErrors('apps/cli', sdk)).toEqual(['A project tagged with "type:app" is not allowed to import "@aws-sdk/client-s3"']);
  });

  it('keeps a feature scope out of another feature scope', async () => {
    // lake-home is scope:platform; seed-data is scope:ingest and may see only shared and ingest.
    const errors = await boundaryErrors('libs/seed-data', "import { initLakeHome } from '@datamaster/lake-home';\nvoid initLakeHome;");
    expect(errors).toContain('A project tagged with "scope:ingest" can only depend on libs tagged with "scope:shared", "scope:ingest"');
  });

  it('keeps the contract free of adapters: definitions never import the ledger, engine or storage code', async () => {
    const errors = await boundaryErrors('libs/lake-contract', "import { openObjectStore } from '@datamaster/storage';\nvoid openObjectStore;");
    expect(errors).toContain('A project tagged with "type:contract" can only depend on libs tagged with "type:contract"');
    expect(await boundaryErrors('libs/lake-contract', "import { DuckDBInstance } from '@duckdb/node-api';\nvoid DuckDBInstance;")).toEqual([
      'A project tagged with "type:contract" is not allowed to import "@duckdb/node-api"',
    ]);
  });

  it('keeps the portal frontend on the contract: no adapter, no AWS SDK in browser code', async () => {
    const ledger = "import { ControlLedger } from '@datamaster/control-ledger';\nvoid ControlLedger;";
    expect(await boundaryErrors('plugins/lake-catalog', ledger)).toContain('A project tagged with "type:plugin" can only depend on libs tagged with "type:contract", "type:plugin"');
    expect(await boundaryErrors('plugins/lake-catalog', "import { SFNClient } from '@aws-sdk/client-sfn';\nvoid SFNClient;")).toEqual([
      'A project tagged with "type:plugin" is not allowed to import "@aws-sdk/client-sfn"',
    ]);
  });

  it('lets the portal backend read the lake through the platform adapters', async () => {
    const ledger = "import { ControlLedger } from '@datamaster/control-ledger';\nvoid ControlLedger;";
    expect(await boundaryErrors('plugins/lake-catalog-backend', ledger)).toEqual([]);
  });

  it("keeps the bench tools to benchmarks: a project's bench/ may use them, what it ships may not", async () => {
    const sampler = "import { processTree } from '@datamaster/process-tree';\nvoid processTree;";
    expect(await boundaryErrors('libs/bronze', sampler)).toContain('A project tagged with "type:domain" can only depend on libs tagged with "type:contract", "type:domain"');
    expect(await boundaryErrors('libs/processing', sampler)).toContain('A project tagged with "type:adapter" can only depend on libs tagged with "type:contract", "type:domain", "type:adapter"');
    expect(await boundaryErrors('libs/bronze', sampler, 'bench')).toEqual([]);
    expect(await boundaryErrors('libs/processing', sampler, 'bench')).toEqual([]);
  });

  it('keeps the bench tools free of the workspace', async () => {
    const errors = await boundaryErrors('libs/process-tree', "import { parseMemorySize } from '@datamaster/lake-home';\nvoid parseMemorySize;");
    expect(errors).toContain('A project tagged with "type:bench" cannot depend on any libs with tags');
  });
});
