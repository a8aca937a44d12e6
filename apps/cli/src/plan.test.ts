// `datamaster plan` as CI runs it on a pull request: against a manifest folder, or against the base commit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_MANIFEST, copyBundledManifest } from './testing/manifest-copy.js';
import { runCapturing } from './testing/run-cli.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-plan-'));
  copyBundledManifest(join(cwd, 'manifest'));
});
afterEach(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

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
    const run = await cli('plan', '--from', BUNDLED_MANIFEST, '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { class: string; kind: string; table: string; column?: string }[]; breaking: boolean };
    expect(plan.breaking).toBe(false);
    expect(plan.changes.map((c) => `${c.class} ${c.kind} ${c.table}.${c.column}`)).toEqual(['automatic column-added source.beer.beer_ibu', 'automatic column-added bronze.beer.beer_ibu', 'automatic column-added silver.beer.beer_ibu']);
  });

  it('exits 1 on a breaking change, naming it', async () => {
    editBeer((beer) => (beer.primaryKey = ['beer_id', 'brewery_id']));
    const run = await cli('plan', '--from', BUNDLED_MANIFEST);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('breaking: not mergeable as it is');
    expect(run.stderr).toContain('silver.beer (primary-key)');
  });

  it('lists the source schema changes a replayed CDC capture recorded that the manifest does not reflect, without making the plan breaking', async () => {
    const addColumn = {
      data: { beer_ibu: 'integer' },
      control: { 'table-def': { columns: { beer_id: { type: 'bigint' }, beer_ibu: { type: 'integer' } }, 'primary-key': ['beer_id'] } },
      metadata: {
        timestamp: '2026-11-26T03:00:05.100000Z',
        'record-type': 'control',
        operation: 'add-column',
        'partition-key-type': 'task-id',
        'schema-name': 'dm_core',
        'table-name': 'beer',
        'transaction-id': 48230,
        'commit-timestamp': '2026-11-26T03:00:05.000001Z',
        'stream-position': '1/6A42000',
      },
    };
    writeFileSync(join(cwd, 'capture.jsonl'), `${JSON.stringify({ SequenceNumber: '4965', Data: Buffer.from(JSON.stringify(addColumn)).toString('base64'), PartitionKey: 'dm_core.beer' })}\n`);
    const inHome = (...args: string[]) => cli('--home', 'home', ...args);
    expect((await cli('plan', '--from', BUNDLED_MANIFEST, '--json')).stdout).not.toContain('sourceChanges');
    const replay = await inHome('stream', '--replay', 'capture.jsonl', '--no-ingest', '--json');
    expect(JSON.parse(replay.stdout).delivery).toMatchObject({ recordsIn: 1, routed: 1, failed: 0 });

    const listed = await inHome('plan', '--from', BUNDLED_MANIFEST, '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      changes: [],
      breaking: false,
      sourceChanges: [
        {
          sourceTable: 'dm_core.beer',
          file: 'tables/sources/beer.json',
          changes: [{ operation: 'add-column', column: 'beer_ibu', sourceType: 'integer', at: '2026-11-26T03:00:05.000001Z', manifestChange: 'not in tables/sources/beer.json; declare it (nullable, type int) to take it' }],
        },
      ],
    });
    const text = await inHome('plan', '--from', BUNDLED_MANIFEST);
    expect(text.stdout).toContain('No changes against');
    expect(text.stdout).toContain('source schema changes not in the manifest (1)');
    expect(text.stdout).toContain('dm_core.beer: column beer_ibu (integer) added at 2026-11-26T03:00:05.000001Z — not in tables/sources/beer.json; declare it (nullable, type int) to take it');
    expect(text.stdout).toContain('they do not make this plan breaking');

    addIbu();
    const taken = await inHome('plan', '--from', BUNDLED_MANIFEST, '--json');
    expect(JSON.parse(taken.stdout)).toMatchObject({ sourceChanges: [], breaking: false });
    expect(JSON.parse(taken.stdout).changes).toHaveLength(3);
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
