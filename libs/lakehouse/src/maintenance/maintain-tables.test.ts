import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentDataFiles } from '@datamaster/iceberg';
import { describe, expect, it } from 'vitest';
import { freshLakePerTest, type Change } from '../testing/lake-fixture.js';
import { maintainTables } from './maintain-tables.js';

const lake = freshLakePerTest();

const brewery = (id: number, name: string, ts: string): Change => ({ op: 'update', change_ts: ts, change_seq: id, brewery_id: id, brewery_name: name });

describe('table maintenance', () => {
  it('expires old snapshots and then deletes the files only they referenced, keeping the table and its recent history', async () => {
    for (let i = 1; i <= 4; i++) {
      await lake.writeBronze('brewery', `change-${i}`, [brewery(1, `Alpha ${i}`, `2024-01-0${i}T00:00:00Z`)]);
      await lake.run('silver.brewery');
    }
    const before = await lake.ctx.lake.load(lake.ctx.lake.table('silver.brewery'));
    expect(before.metadata.snapshots).toHaveLength(4);
    const later = new Date(Date.now() + 10 * 86_400_000);
    const expiredFiles: string[] = [];
    for (const snapshot of before.metadata.snapshots.slice(0, 2)) {
      expiredFiles.push(snapshot['manifest-list'], ...(await currentDataFiles(before, { snapshotId: snapshot['snapshot-id'] })).map((f) => f.path));
    }
    expect(expiredFiles).toHaveLength(4);

    // A dry run reports what the real run then does, and changes nothing.
    const dry = (await maintainTables(lake.ctx, { now: later, retainLast: 2, dryRun: true })).find((r) => r.ref === 'silver.brewery');
    expect(dry).toMatchObject({ snapshotsExpired: 2, orphansDeleted: 6 });
    expect((await lake.ctx.lake.load(lake.ctx.lake.table('silver.brewery'))).metadataLocation).toBe(before.metadataLocation);
    for (const path of expiredFiles) expect(existsSync(fileURLToPath(path))).toBe(true);

    const [result] = (await maintainTables(lake.ctx, { now: later, retainLast: 2 })).filter((r) => r.ref === 'silver.brewery');
    // Each expired snapshot leaves its data file, its manifest and its manifest list behind.
    expect(result).toMatchObject({ snapshotsExpired: 2, orphansDeleted: 6 });
    expect(result).toEqual(dry);
    for (const path of expiredFiles) expect(existsSync(fileURLToPath(path))).toBe(false);
    const after = await lake.ctx.lake.load(lake.ctx.lake.table('silver.brewery'));
    expect(after.metadata.snapshots.map((s) => s['snapshot-id'])).toEqual(before.metadata.snapshots.slice(2).map((s) => s['snapshot-id']));
    expect(await lake.rows('silver.brewery')).toMatchObject([{ brewery_name: 'Alpha 4' }]);
    expect(await currentDataFiles(after)).toHaveLength(1);

    // Nothing left to do: no new metadata version.
    await maintainTables(lake.ctx, { now: later, retainLast: 2 });
    expect((await lake.ctx.lake.load(lake.ctx.lake.table('silver.brewery'))).metadataLocation).toBe(after.metadataLocation);
  });
});
