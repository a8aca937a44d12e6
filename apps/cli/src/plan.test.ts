// `datamaster plan` as CI runs it on a pull request: against a manifest folder, or against the base commit.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const BUNDLED = fileURLToPath(new URL('../../../libs/lake-manifest', import.meta.url));
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-plan-'));
  for (const folder of ['tables', 'transforms']) cpSync(join(BUNDLED, folder), join(cwd, 'manifest', folder), { recursive: true });
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function editBeer(edit: (beer: { columns: object[]; primaryKey: string[] }) => void): void {
  const file = join(cwd, 'manifest/tables/sources/beer.json');
  const beer = JSON.parse(readFileSync(file, 'utf8')) as { columns: object[]; primaryKey: string[] };
  edit(beer);
  writeFileSync(file, JSON.stringify(beer, null, 2));
}
const addIbu = () => editBeer((beer) => beer.columns.push({ id: 6, name: 'beer_ibu', type: 'int', nullable: true, description: 'Bitterness in IBU.' }));
const cli = (...args: string[]) => runCapturing(['--manifest', 'manifest', ...args], { cwd });

describe('datamaster plan', () => {
  it('lists an added column as automatic and exits 0', async () => {
    addIbu();
    const run = await cli('plan', '--from', BUNDLED, '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { class: string; kind: string; table: string; column?: string }[]; breaking: boolean };
    expect(plan.breaking).toBe(false);
    expect(plan.changes.map((c) => `${c.class} ${c.kind} ${c.table}.${c.column}`)).toEqual(['automatic column-added source.beer.beer_ibu', 'automatic column-added bronze.beer.beer_ibu', 'automatic column-added silver.beer.beer_ibu']);
  });

  it('exits 1 on a breaking change, naming it', async () => {
    editBeer((beer) => (beer.primaryKey = ['beer_id', 'brewery_id']));
    const run = await cli('plan', '--from', BUNDLED);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('breaking: not mergeable as it is');
    expect(run.stderr).toContain('silver.beer (primary-key)');
  });

  it('compares with the manifest as a commit had it (--base), as a pull request against its base', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=plan test', '-c', 'user.email=plan@test', ...args], { cwd, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'manifest');
    git('commit', '-qm', 'the base');
    expect((await cli('plan', '--base', 'HEAD')).stdout).toBe('No changes against HEAD.\n');
    addIbu();
    const run = await cli('plan', '--base', 'HEAD');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/automatic \(3\)[\s\S]*silver\.beer +beer_ibu +column-added +int, nullable/);
    const unknown = await cli('plan', '--base', 'no-such-ref');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('git ls-tree -r --name-only no-such-ref');
  });
});
