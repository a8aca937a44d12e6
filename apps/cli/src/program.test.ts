import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lakeManifest, tablesInLayer, type LakeLayer } from '@datamaster/lake-manifest';
import { FIXTURE_MANIFEST_ROOT } from '@datamaster/lake-manifest/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

let cwd: string;
beforeEach(() => void (cwd = mkdtempSync(join(tmpdir(), 'datamaster-cli-'))));
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCapturing(args, { cwd, env });

describe('datamaster CLI', () => {
  it('shows help for the program and for each command, with the global --home option', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'seed', 'manifest', 'demo']) expect(help.stdout).toContain(command);
    const seedHelp = await cli(['seed', '--help']);
    expect(seedHelp.code).toBe(0);
    expect(seedHelp.stdout).toMatch(/--out <dir>[\s\S]*--home <dir>/);
  });

  it('exits 2 with a one-line reason on a usage error', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badBudget = await cli(['--memory-limit', 'lots', 'tables']);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toContain('--memory-limit: "lots" is not a memory size; write a number and a unit, e.g. 2GB, 512MB or 1.5GiB');
    const smallBudget = await cli(['--memory-limit', '300MB', 'tables']);
    expect(smallBudget.code).toBe(2);
    expect(smallBudget.stderr).toContain('--memory-limit: "300MB" is below the smallest processing budget, 512MB');
    const badScale = await cli(['seed', '--out', 'x', '--scale', 'big']);
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toContain('--scale must be a number, got "big"');
    for (const [snapshot, reason] of [
      ['9223372036854775808', 'it is outside the range of a long'],
      ['4.8e18', 'it is not a decimal integer'],
    ]) {
      const badSnapshot = await cli(['query', 'SELECT 1', '--as', 'demo', '--snapshot', snapshot ?? '']);
      expect(badSnapshot.code).toBe(2);
      expect(badSnapshot.stderr).toContain(`argument '${snapshot}' is invalid. "${snapshot}" cannot be a snapshot id: ${reason}`);
    }
  });

  it('creates the lake home under --home, else $DATAMASTER_HOME, else ./.datamaster', async () => {
    const first = await cli(['init', '--home', 'h1', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created: true, root: join(cwd, 'h1') });
    expect(JSON.parse((await cli(['init', '--home', 'h1', '--json'])).stdout).created).toBe(false);
    expect(JSON.parse((await cli(['init', '--json'], { DATAMASTER_HOME: join(cwd, 'h2') })).stdout).root).toBe(join(cwd, 'h2'));
    expect((await cli(['init'])).stdout).toContain(`Created the lake home at ${join(cwd, '.datamaster')}`);
    expect(existsSync(join(cwd, '.datamaster', 'config.json'))).toBe(true);
  });

  it('validates the built-in manifest', async () => {
    const result = await cli(['manifest', 'validate', '--json']);
    expect(result.code).toBe(0);
    const lake = lakeManifest();
    expect(JSON.parse(result.stdout)).toEqual({
      valid: true,
      tables: lake.tables.length,
      byLayer: Object.fromEntries(['source', 'bronze', 'silver', 'gold'].map((layer) => [layer, tablesInLayer(lake, layer as LakeLayer).length])),
      principals: lake.principals.map((p) => p.name),
    });
  });

  it('fails validation of a broken manifest folder with the file and the field', async () => {
    cpSync(FIXTURE_MANIFEST_ROOT, join(cwd, 'manifest'), { recursive: true });
    writeFileSync(join(cwd, 'manifest', 'tables', 'gold', 'revenue_by_country.json'), JSON.stringify({ kind: 'derived-table', layer: 'platinum' }));
    const result = await cli(['manifest', 'validate', '--dir', 'manifest']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^datamaster: error: The lake manifest is invalid/);
    expect(result.stderr).toMatch(/tables\/gold\/revenue_by_country.json at layer: Invalid option: expected one of "silver"\|"gold", got "platinum"/);
    expect((await cli(['manifest', 'validate', '--dir', FIXTURE_MANIFEST_ROOT])).code).toBe(0);
  });

  it('names the transform file a derived table is missing', async () => {
    cpSync(FIXTURE_MANIFEST_ROOT, join(cwd, 'manifest'), { recursive: true });
    rmSync(join(cwd, 'manifest', 'transforms', 'silver', 'purchase_flat.sql'));
    const result = await cli(['manifest', 'validate', '--dir', 'manifest']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tables/silver/purchase_flat.json: silver.purchase_flat is a derived table without its transform: add transforms/silver/purchase_flat.sql');
  });

  it('shows one table with its columns, PII classes and grants', async () => {
    const text = await cli(['manifest', 'show', 'gold.top_drinkers']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/profile_name\s+string\s+null\s+pii \(hmac-sha256\)/);
    expect(text.stdout).toMatch(/demo\s+SELECT,DESCRIBE\s+all except profile_name/);
    const json = JSON.parse((await cli(['manifest', 'show', 'gold.top_drinkers', '--json'])).stdout);
    expect(json.grants.map((g: { principal: string }) => g.principal)).toEqual(['data-engineer', 'analyst', 'demo']);
    const missing = await cli(['manifest', 'show', 'gold.top_drinker']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Unknown lake table "gold.top_drinker"');
  });

  it('seeds a small deterministic dataset', async () => {
    const run = async (out: string) => JSON.parse((await cli(['seed', '--out', out, '--scale', '0.001', '--seed', '7', '--json'])).stdout);
    const first = await run('a');
    const second = await run('b');
    expect(first.tables.map((t: { table: string }) => t.table)).toEqual(['brewery', 'beer', 'profile', 'review']);
    expect(first.tables.map((t: { sha256: string }) => t.sha256)).toEqual(second.tables.map((t: { sha256: string }) => t.sha256));
    expect(existsSync(join(cwd, 'a', 'review.csv.gz'))).toBe(true);
  });

  it('runs the manifest folder the lake home config names, unless --manifest names another', async () => {
    expect((await cli(['--home', 'home', 'init'])).code).toBe(0);
    const config = join(cwd, 'home', 'config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), manifest: FIXTURE_MANIFEST_ROOT }));
    const refs = async (...args: string[]) => (JSON.parse((await cli(['--home', 'home', ...args, 'manifest', 'show', '--json'])).stdout) as { ref: string }[]).map((t) => t.ref);
    expect(await refs()).toContain('gold.revenue_by_country');
    expect(await refs('--manifest', fileURLToPath(new URL('../../../libs/lake-manifest', import.meta.url)))).toContain('gold.top_drinkers');
    // A relative folder is relative to the home, as the config's other paths are.
    cpSync(FIXTURE_MANIFEST_ROOT, join(cwd, 'home', 'manifest'), { recursive: true });
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), manifest: 'manifest' }));
    expect(await refs()).toContain('gold.revenue_by_country');
  });

  it('exports the contract document, the same bytes the repository keeps for spark/ to read', async () => {
    const run = await cli(['contract', 'export', '--out', 'contract.json']);
    expect(run.code).toBe(0);
    const committed = readFileSync(new URL('../../../libs/lake-contract/generated/lake-contract.json', import.meta.url), 'utf8');
    expect(readFileSync(join(cwd, 'contract.json'), 'utf8')).toBe(committed);
    const document = JSON.parse((await cli(['contract', 'export'])).stdout) as { manifest: { tables: { ref: string }[] } };
    expect(document.manifest.tables.map((t) => t.ref)).toContain('gold.top_drinkers');
  });

  it('answers as `npx datamaster` through the launcher npm links, which exists before the bundle is built', async () => {
    const { spawnSync } = await import('node:child_process');
    const launcher = new URL('../bin/datamaster.mjs', import.meta.url).pathname;
    const version = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8' });
    expect([version.status, version.stdout.trim()]).toEqual([0, '0.1.0']);
  });
});
