import { describe, expect, it } from 'vitest';
import { freshLakePerTest, type Change } from '../testing/lake-fixture.js';

const lake = freshLakePerTest();

const brewery = (op: Change['op'], change_ts: string, change_seq: number, brewery_id: number, brewery_name: string | null = null): Change => ({
  op,
  change_ts,
  change_seq,
  brewery_id,
  brewery_name,
});

const row = (brewery_id: number, brewery_name: string | null, created_at: string, updated_at: string, deleted_at: string | null = null) => ({
  brewery_id: String(brewery_id),
  brewery_name,
  created_at,
  updated_at,
  deleted_at,
});

describe('silver MERGE', () => {
  it('keeps the latest change per key by source position, soft-deletes, and ignores late older changes', async () => {
    await lake.writeBronze('brewery', 'load', [brewery('load', '2024-01-01T00:00:00Z', 1, 1, 'Alpha'), brewery('load', '2024-01-01T00:00:00Z', 2, 2, 'Beta')]);
    expect(await lake.run('silver.brewery')).toMatchObject({ status: 'committed', records: 1, rowsIn: 2, rowsWritten: 2 });
    expect(await lake.rows('silver.brewery')).toEqual([
      row(1, 'Alpha', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
      row(2, 'Beta', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ]);

    const secondWave = [
      brewery('update', '2024-02-01T00:00:00Z', 1, 1, 'Alpha 2'),
      // deletes carry only the key (PostgreSQL's default replica identity)
      brewery('delete', '2024-02-01T00:00:00Z', 2, 2),
      // insert, update and delete of one key within one file, listed out of order
      brewery('delete', '2024-02-02T00:00:00Z', 5, 3),
      brewery('insert', '2024-02-02T00:00:00Z', 3, 3, 'Gamma'),
      brewery('update', '2024-02-02T00:00:00Z', 4, 3, 'Gamma 2'),
      // a delete of a key never seen: a tombstone
      brewery('delete', '2024-02-03T00:00:00Z', 6, 4),
    ];
    await lake.writeBronze('brewery', 'wave', secondWave);
    await lake.run('silver.brewery');
    const afterWave = [
      row(1, 'Alpha 2', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'),
      row(2, 'Beta', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', '2024-02-01T00:00:00Z'),
      row(3, 'Gamma 2', '2024-02-02T00:00:00Z', '2024-02-02T00:00:00Z', '2024-02-02T00:00:00Z'),
      row(4, null, '2024-02-03T00:00:00Z', '2024-02-03T00:00:00Z', '2024-02-03T00:00:00Z'),
    ];
    expect(await lake.rows('silver.brewery')).toEqual(afterWave);

    // A late file with older changes: none may overwrite a newer state or revive a deleted key.
    await lake.writeBronze('brewery', 'late', [
      brewery('update', '2024-01-15T00:00:00Z', 1, 1, 'Stale'),
      brewery('insert', '2024-01-20T00:00:00Z', 2, 4, 'Revived'),
      brewery('insert', '2024-01-10T00:00:00Z', 3, 5, 'Epsilon'),
    ]);
    await lake.run('silver.brewery');
    expect(await lake.rows('silver.brewery')).toEqual([...afterWave, row(5, 'Epsilon', '2024-01-10T00:00:00Z', '2024-01-10T00:00:00Z')]);
  });

  it('gives the same table when a file is delivered again', async () => {
    const changes = [brewery('insert', '2024-01-01T00:00:00Z', 1, 1, 'Alpha'), brewery('update', '2024-01-02T00:00:00Z', 2, 1, 'Alpha 2'), brewery('delete', '2024-01-03T00:00:00Z', 3, 1)];
    await lake.writeBronze('brewery', 'first', changes);
    await lake.run('silver.brewery');
    const once = await lake.rows('silver.brewery');
    await lake.writeBronze('brewery', 'redelivered', changes);
    expect(await lake.run('silver.brewery')).toMatchObject({ status: 'committed', records: 1 });
    expect(await lake.rows('silver.brewery')).toEqual(once);
    expect(once).toEqual([row(1, 'Alpha 2', '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', '2024-01-03T00:00:00Z')]);
  });

  it('settles the ledger: consumed records succeed with counts and the snapshot; nothing due is a no-op', async () => {
    const record = await lake.writeBronze('brewery', 'load', [brewery('load', '2024-01-01T00:00:00Z', 1, 1, 'Alpha')]);
    const result = await lake.run('silver.brewery');
    const settled = await lake.ledger.get(record.recordId);
    expect(settled).toMatchObject({ status: 'succeeded', rowsIn: 1, rowsOut: 1, computeTarget: 'embedded', attributes: { snapshotId: String(result.snapshotId) } });
    // The bronze object's ETag (the MD5 of its bytes) identifies the input.
    expect(settled?.checksum).toBe(record.etag);
    expect(await lake.run('silver.brewery')).toMatchObject({ status: 'nothing-to-do', records: 0 });
  });

  it('fails the records with the reason when a bronze file is unreadable, and leaves the table as it was', async () => {
    await lake.writeBronze('brewery', 'good', [brewery('load', '2024-01-01T00:00:00Z', 1, 1, 'Alpha')]);
    await lake.run('silver.brewery');
    const before = await lake.rows('silver.brewery');
    const record = await lake.writeBronze('brewery', 'broken', [brewery('update', '2024-02-01T00:00:00Z', 1, 1, 'Alpha 2')]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${lake.dir}/lake/${record.objectKey}`, 'not parquet');
    await expect(lake.run('silver.brewery')).rejects.toThrow(/silver\.brewery: .*/);
    expect(await lake.ledger.get(record.recordId)).toMatchObject({ status: 'failed', lastError: { message: expect.stringContaining('silver.brewery') } });
    expect(await lake.rows('silver.brewery')).toEqual(before);
  });

  it('refuses a bronze file without field ids rather than reading its columns as nulls', async () => {
    await lake.writeBronze('brewery', 'no-ids', [brewery('load', '2024-01-01T00:00:00Z', 1, 1, 'Alpha')], { fieldIds: false });
    await expect(lake.run('silver.brewery')).rejects.toThrow(/no-ids\.parquet has no Parquet field ids/);
    expect(await lake.rows('silver.brewery')).toEqual([]);
  });
});
