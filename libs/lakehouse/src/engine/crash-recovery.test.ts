// A run that dies between its Iceberg commit and its ledger settle, or while its job runs, must neither
// block the next run nor make it merge the same input twice.
import { hostname } from 'node:os';
import { claimWork, holderGone, snapshotOfWork, tableStatuses, type ProcessingContext } from '@datamaster/processing';
import { describe, expect, it } from 'vitest';
import { freshLakePerTest, type Change } from '../testing/lake-fixture.js';
import { embeddedEngine } from './run-job.js';

const lake = freshLakePerTest();

const review = (id: number, month: number): Change => ({
  op: 'load',
  change_ts: '2024-01-01T00:00:00Z',
  change_seq: id,
  review_id: id,
  brewery_id: 1,
  beer_id: 10,
  profile_id: 100,
  review_overall: 4,
  review_time: `2010-0${month}-10T00:00:00Z`,
});
const brewery = (seq: number, name: string): Change => ({ op: 'load', change_ts: '2024-01-01T00:00:00Z', change_seq: seq, brewery_id: seq, brewery_name: name });

/** A process that has exited: this host, a pid no process has. */
const deadProcess = { host: hostname(), pid: 2 ** 22 + 7, started: '1' };

function crashedRun(): ProcessingContext {
  return { ...lake.processing, holder: deadProcess };
}

describe('crash recovery', () => {
  it('settles work whose commit landed before the run died, without merging it again', async () => {
    const record = await lake.writeBronze('review', 'load', [review(1, 1), review(2, 2)]);
    const claim = await claimWork(crashedRun(), { layer: 'silver', table: 'review', executionId: 'crashed-run' });
    expect(claim).toMatchObject({ status: 'claimed', records: 1 });
    const commit = await embeddedEngine(lake.ctx).runJob({ layer: 'silver', table: 'review', executionId: 'crashed-run', workKey: claim.workKey as string });
    // The run dies here: committed, not settled.
    expect(await lake.ledger.get(record.recordId)).toMatchObject({ status: 'running', leaseHolder: deadProcess });
    const snapshotsBefore = (await lake.ctx.lake.load(lake.ctx.lake.table('silver.review'))).metadata.snapshots.length;

    const rerun = await lake.run('silver.review');
    expect(rerun).toMatchObject({ status: 'nothing-to-do', recovered: 1 });
    const table = await lake.ctx.lake.load(lake.ctx.lake.table('silver.review'));
    expect(table.metadata.snapshots).toHaveLength(snapshotsBefore);
    expect(snapshotOfWork(table, commit.workId)?.['snapshot-id']).toBe(commit.snapshotId);
    expect(await lake.ledger.get(record.recordId)).toMatchObject({ status: 'succeeded', rowsIn: 2, attributes: { snapshotId: commit.snapshotId } });
    expect((await lake.rows('silver.review')).map((r) => r['review_id'])).toEqual(['1', '2']);
    // The commit's downstream work (review_flat's two months) was handed on by the recovery.
    const downstream = (await lake.ledger.list({ table: 'review_flat', layer: 'silver' })).records;
    expect(downstream).toHaveLength(1);
    const months = (JSON.parse(downstream[0]?.attributes['partitions'] ?? '[]') as { review_month: number }[]).map((p) => p.review_month).sort();
    expect(months).toEqual([1, 2]);
  });

  it('a job that runs the same work again returns the earlier commit', async () => {
    await lake.writeBronze('brewery', 'load', [brewery(1, 'Alpha')]);
    const claim = await claimWork(crashedRun(), { layer: 'silver', table: 'brewery', executionId: 'crashed-run' });
    const request = { layer: 'silver', table: 'brewery', executionId: 'crashed-run', workKey: claim.workKey as string } as const;
    const first = await embeddedEngine(lake.ctx).runJob(request);
    const second = await embeddedEngine(lake.ctx).runJob(request);
    expect(second).toEqual({ ...first, alreadyCommitted: true });
  });

  it('takes over at once the work of a run that died before committing', async () => {
    const record = await lake.writeBronze('brewery', 'load', [brewery(1, 'Alpha')]);
    await claimWork(crashedRun(), { layer: 'silver', table: 'brewery', executionId: 'crashed-run' });
    expect(holderGone(deadProcess)).toBe(true);
    const rerun = await lake.run('silver.brewery');
    expect(rerun).toMatchObject({ status: 'committed', records: 1, recovered: 0 });
    expect(await lake.ledger.get(record.recordId)).toMatchObject({ status: 'succeeded', attempts: 2, lastError: { message: expect.stringContaining('lease holder gone') } });
  });

  it('leaves work held by a live run alone, and says whose lease it is under', async () => {
    await lake.writeBronze('brewery', 'load', [brewery(1, 'Alpha')]);
    await claimWork(lake.processing, { layer: 'silver', table: 'brewery', executionId: 'live-run' });
    const rerun = await lake.run('silver.brewery');
    expect(rerun).toMatchObject({ status: 'nothing-to-do', held: [{ owner: 'live-run/silver.brewery', records: 1 }] });
    const status = (await tableStatuses(lake.ctx.lake, lake.ledger)).find((s) => s.ref === 'silver.brewery');
    expect(status).toMatchObject({ waiting: 1, held: [{ owner: 'live-run/silver.brewery', records: 1 }] });
  });
});
