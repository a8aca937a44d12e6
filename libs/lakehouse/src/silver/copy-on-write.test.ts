import { currentDataFiles, LakeTables, orphanFiles, type Catalog } from '@datamaster/iceberg';
import { runProcessing } from '@datamaster/processing';
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../engine/run-job.js';
import { maintainTables } from '../maintenance/maintain-tables.js';
import { freshLakePerTest, type Change } from '../testing/lake-fixture.js';

const lake = freshLakePerTest();

const review = (id: number, time: string, op: Change['op'] = 'load', change_ts = '2024-01-01T00:00:00Z', overall = 4): Change => ({
  op,
  change_ts,
  change_seq: id,
  review_id: id,
  brewery_id: 1,
  beer_id: 10,
  profile_id: 100,
  review_overall: overall,
  review_time: time,
});

const filesByPartition = async () => {
  const table = await lake.ctx.lake.load(lake.ctx.lake.table('silver.review'));
  const files = await currentDataFiles(table);
  return new Map(files.map((f) => [`${f.partition['review_year']}-${f.partition['review_month']}`, f.path]));
};

describe('silver review partitions (copy-on-write)', () => {
  it('rewrites only the months a change touches, including the month a row moves out of', async () => {
    await lake.writeBronze('review', 'load', [review(1, '2010-01-10T00:00:00Z'), review(2, '2010-02-10T00:00:00Z'), review(3, '2010-03-10T00:00:00Z')]);
    await lake.run('silver.review');
    const before = await filesByPartition();
    expect([...before.keys()].sort()).toEqual(['2010-1', '2010-2', '2010-3']);

    // review 1's time is corrected from January into February
    await lake.writeBronze('review', 'move', [review(1, '2010-02-20T00:00:00Z', 'update', '2024-02-01T00:00:00Z')]);
    expect(await lake.run('silver.review')).toMatchObject({ partitionsRewritten: 2, rowsWritten: 2 });
    const after = await filesByPartition();
    expect(after.has('2010-1')).toBe(false);
    expect(after.get('2010-3')).toBe(before.get('2010-3'));
    expect(after.get('2010-2')).not.toBe(before.get('2010-2'));
    const rows = await lake.rows('silver.review');
    expect(rows.map((r) => [r['review_id'], r['review_year'], r['review_month']])).toEqual([
      ['1', 2010, 2],
      ['2', 2010, 2],
      ['3', 2010, 3],
    ]);
  });

  it('keeps the table unchanged and readable when the process dies between writing files and committing; the retry lands and upkeep later deletes the leftovers', async () => {
    await lake.writeBronze('review', 'load', [review(1, '2010-01-10T00:00:00Z')]);
    await lake.run('silver.review');
    const before = await lake.rows('silver.review');
    const record = await lake.writeBronze('review', 'update', [review(1, '2010-01-10T00:00:00Z', 'update', '2024-02-01T00:00:00Z', 2)]);

    const crashing = new Proxy(lake.catalog, {
      get(target, property, receiver) {
        if (property === 'commitTable') return () => Promise.reject(new Error('process killed before the commit'));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Catalog;
    const crashingLake = new LakeTables(crashing, lake.ctx.lake.version, 'unused');
    const run = await runProcessing({ ...lake.processing, lake: crashingLake }, embeddedEngine({ ...lake.ctx, lake: crashingLake }), { layers: 'silver', tables: ['review'] });
    expect(run.failures).toEqual([{ ref: 'silver.review', error: expect.stringContaining('process killed before the commit') }]);

    expect(await lake.rows('silver.review')).toEqual(before);
    const table = await lake.ctx.lake.load(lake.ctx.lake.table('silver.review'));
    expect((await orphanFiles(table)).filter((f) => f.location.endsWith('.parquet'))).toHaveLength(1);
    expect(await lake.ledger.get(record.recordId)).toMatchObject({ status: 'failed', attempts: 1 });

    // The ledger retries the record after its backoff; re-driving it now stands in for the wait.
    await lake.ledger.reprocess(record.recordId);
    await lake.run('silver.review');
    expect((await lake.rows('silver.review'))[0]).toMatchObject({ review_id: '1', review_overall: 2 });

    // Once older than any write in flight, upkeep deletes the crashed attempt's file.
    const later = new Date(Date.now() + 2 * 86_400_000);
    const upkeep = await maintainTables(lake.ctx, { now: later });
    expect(upkeep.find((r) => r.ref === 'silver.review')?.orphansDeleted).toBeGreaterThanOrEqual(1);
    const cleaned = await lake.ctx.lake.load(lake.ctx.lake.table('silver.review'));
    expect((await orphanFiles(cleaned)).filter((f) => f.location.endsWith('.parquet'))).toEqual([]);
    expect((await lake.rows('silver.review'))[0]).toMatchObject({ review_id: '1', review_overall: 2 });
  });

  it('lands both of two jobs racing on one table, without losing either one\'s rows', async () => {
    await lake.writeBronze('review', 'a', [review(1, '2010-01-10T00:00:00Z'), review(2, '2010-02-10T00:00:00Z')]);
    await lake.run('silver.review');
    await lake.writeBronze('review', 'b', [review(3, '2010-01-11T00:00:00Z')]);
    const racing = [
      lake.process({ layers: 'silver', tables: ['review'] }),
      (async () => {
        await lake.writeBronze('review', 'c', [review(4, '2010-01-12T00:00:00Z'), review(2, '2010-02-10T00:00:00Z', 'update', '2024-02-01T00:00:00Z', 1)]);
        return lake.process({ layers: 'silver', tables: ['review'] });
      })(),
    ];
    await Promise.all(racing);
    // Whatever either job claimed has landed; anything left is still pending and lands on the next run.
    await lake.run('silver.review');
    const rows = await lake.rows('silver.review');
    expect(rows.map((r) => [r['review_id'], r['review_overall']])).toEqual([
      ['1', 4],
      ['2', 1],
      ['3', 4],
      ['4', 4],
    ]);
  });
});
