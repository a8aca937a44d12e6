import { SOURCE_DATABASE } from '@datamaster/lake-contract';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dmsRecordSchema, type DmsRecord } from '@datamaster/cdc';
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { startLocalPostgres, type LocalPostgres } from '@datamaster/embedded-services';
import { generateSeedDataset, type SeedDatasetSummary } from '@datamaster/seed-data';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdcSourceStateError, PublicationMissingError, ReplicationSlotLostError, SourceSchemaDriftError, UnknownSourceTableError } from './errors.js';
import { parseLsn } from './lsn.js';
import { migrate } from './migrate.js';
import { filePositionStore, type PositionStore } from './position-store.js';
import { PostgresCdcSource, type PostgresCdcSourceOptions } from './postgres-cdc-source.js';
import { seedPostgres } from './seed.js';
import type { TruncateEvent } from './transaction-decoder.js';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Every source a test made, so that a failed test cannot leave one connected to the server. */
const sources: PostgresCdcSource[] = [];

/** A source whose records, errors and control events the test can watch. */
function harness(options: Partial<PostgresCdcSourceOptions> & Pick<PostgresCdcSourceOptions, 'connectionString' | 'positionStore'>) {
  const records: DmsRecord[] = [];
  const errors: Error[] = [];
  const controls: TruncateEvent[] = [];
  const source = new PostgresCdcSource({
    onRecords: async (batch) => void records.push(...batch.map((record) => dmsRecordSchema.parse(record))),
    onError: (error) => void errors.push(error),
    onControl: (event) => void controls.push(event),
    logger: { warn: () => undefined },
    ...options,
  });
  sources.push(source);
  return { source, records, errors, controls };
}

async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const changes = (records: readonly DmsRecord[]) => records.filter((record) => record.metadata.operation !== 'load');

/** The bundled manifest with a nullable integer beer_ibu declared on the source table beer. */
function manifestWithIbu(): LakeManifest {
  const manifest = lakeManifest();
  const withIbu = (table: LakeManifest['tables'][number]) => ({ ...table, columns: [...table.columns, { ...table.columns[0]!, id: 6, name: 'beer_ibu', type: 'int' as const, nullable: true }] });
  return { ...manifest, tables: manifest.tables.map((table) => (table.ref === 'source.beer' ? withIbu(table) : table)) };
}
const tcpHandles = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

describe('PostgresCdcSource', () => {
  let server: LocalPostgres;
  let sql: pg.Client;
  let dir: string;
  let store: PositionStore;
  let dataset: SeedDatasetSummary;

  /** Runs statements in one transaction and returns its xid and the wall-clock bounds of its commit. */
  async function transaction(...statements: string[]): Promise<{ xid: number; before: string; after: string }> {
    const before = new Date().toISOString();
    await sql.query('BEGIN');
    const { rows } = await sql.query<{ xid: string }>('SELECT txid_current()::text AS xid');
    for (const statement of statements) await sql.query(statement);
    await sql.query('COMMIT');
    return { xid: Number(rows[0]!.xid), before, after: new Date().toISOString() };
  }

  async function confirmedFlush(slot: string): Promise<string> {
    const { rows } = await sql.query<{ lsn: string }>('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    return rows[0]!.lsn;
  }

  beforeAll(async () => {
    [server, dir] = await Promise.all([startLocalPostgres({ database: SOURCE_DATABASE }), mkdtemp(join(tmpdir(), 'cdc-source-'))]);
    sql = new pg.Client({ connectionString: server.connectionString });
    await sql.connect();
    dataset = await generateSeedDataset({ outDir: join(dir, 'seed'), scale: 0.001, seed: 3 });
    await migrate(server.connectionString);
    await seedPostgres(server.connectionString, { dir: join(dir, 'seed') });
    store = filePositionStore(join(dir, 'position.json'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.stop()));
    await sql?.end();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('refuses to start without the publication, leaving nothing open', async () => {
    const handles = tcpHandles();
    const { source } = harness({ connectionString: server.connectionString, positionStore: store, publicationName: 'dm_none' });
    await expect(source.start()).rejects.toThrow(PublicationMissingError);
    expect(tcpHandles()).toBe(handles);
    expect((await sql.query('SELECT count(*)::int AS n FROM pg_replication_slots')).rows).toEqual([{ n: 0 }]);
  });

  it('loads every row, then streams changes in commit order, then resumes after a stop with exactly the new changes', async () => {
    const handles = tcpHandles();
    const first = harness({ connectionString: server.connectionString, positionStore: store });
    await first.source.start();
    await expect(first.source.start()).rejects.toThrow(CdcSourceStateError);

    // Full load: one load record per seeded row, typed as DMS types them, without transaction details.
    const seeded = dataset.tables.filter((t) => t.table !== 'review').reduce((sum, t) => sum + t.rows, 0);
    expect(first.records).toHaveLength(seeded);
    expect(new Set(first.records.map((r) => r.metadata.operation))).toEqual(new Set(['load']));
    expect(first.records.every((r) => r.metadata['transaction-id'] === undefined && ISO_MICROS.test(r.metadata.timestamp))).toBe(true);
    const beers = first.records.filter((r) => r.metadata['table-name'] === 'beer');
    expect(beers).toHaveLength(dataset.tables.find((t) => t.table === 'beer')!.rows);
    const dbBeer = (await sql.query<{ beer_id: string; beer_name: string; beer_abv: string | null }>('SELECT beer_id::text, beer_name, beer_abv::text FROM dm_core.beer ORDER BY beer_id LIMIT 1')).rows[0]!;
    expect(beers[0]!.data).toMatchObject({ beer_id: Number(dbBeer.beer_id), beer_name: dbBeer.beer_name, beer_abv: dbBeer.beer_abv === null ? null : Number(dbBeer.beer_abv) });

    const one = await transaction(
      "INSERT INTO dm_core.profile VALUES (9000001, 'tester', 'tester@example.com', 'CA')",
      "UPDATE dm_core.profile SET state = 'NY' WHERE profile_id = 9000001",
      'DELETE FROM dm_core.profile WHERE profile_id = 9000001',
    );
    const two = await transaction("INSERT INTO dm_core.beer VALUES (9000002, 1, 'Test IPA', 'American IPA', 6.25)");
    await waitFor('four changes', () => changes(first.records).length >= 4);
    const streamed = changes(first.records);
    expect(streamed.map((r) => [r.metadata['table-name'], r.metadata.operation, r.metadata['transaction-id'], r.metadata['transaction-record-id']])).toEqual([
      ['profile', 'insert', one.xid, 0],
      ['profile', 'update', one.xid, 1],
      ['profile', 'delete', one.xid, 2],
      ['beer', 'insert', two.xid, 0],
    ]);
    expect(streamed.map((r) => r.data)).toEqual([
      { profile_id: 9000001, profile_name: 'tester', email: 'tester@example.com', state: 'CA' },
      { profile_id: 9000001, profile_name: 'tester', email: 'tester@example.com', state: 'NY' },
      { profile_id: 9000001 },
      { beer_id: 9000002, brewery_id: 1, beer_name: 'Test IPA', beer_style: 'American IPA', beer_abv: 6.25 },
    ]);
    const positions = streamed.map((r) => parseLsn(r.metadata['stream-position']!));
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1]!)).toBe(true);
    for (const [record, txn] of [[streamed[0]!, one], [streamed[3]!, two]] as const) {
      const committed = record.metadata['commit-timestamp']!;
      expect(committed).toMatch(ISO_MICROS);
      expect(committed >= txn.before.replace('Z', '000Z') && committed <= txn.after.replace('Z', '999Z')).toBe(true);
      expect(record.metadata['partition-key-type']).toBe('schema-table');
      expect(record.metadata['schema-name']).toBe('dm_core');
    }
    expect(streamed[3]!.metadata['prev-transaction-id']).toBe(one.xid);
    await waitFor('the position of the last delivered transaction', () => savedAfter(positions.at(-1)!));
    await first.source.stop();
    await first.source.stop();
    expect(first.errors).toEqual([]);
    // Acknowledged to PostgreSQL too, so the slot itself will not send those transactions again.
    expect(parseLsn(await confirmedFlush('dm_cdc'))).toBeGreaterThan(positions.at(-1)!);

    // While stopped: more changes. A new source with the same store gets exactly these, and no load.
    const three = await transaction("INSERT INTO dm_core.brewery VALUES (9000003, 'Stopped Brewing')");
    const four = await transaction('UPDATE dm_core.beer SET beer_abv = NULL WHERE beer_id = 9000002');
    const second = harness({ connectionString: server.connectionString, positionStore: store });
    await second.source.start();
    const marker = await transaction("INSERT INTO dm_core.brewery VALUES (9000004, 'Marker')");
    await waitFor('the marker', () => second.records.some((r) => r.metadata['transaction-id'] === marker.xid));
    expect(second.records.map((r) => [r.metadata.operation, r.metadata['transaction-id'], r.data])).toEqual([
      ['insert', three.xid, { brewery_id: 9000003, brewery_name: 'Stopped Brewing' }],
      ['update', four.xid, { beer_id: 9000002, brewery_id: 1, beer_name: 'Test IPA', beer_style: 'American IPA', beer_abv: null }],
      ['insert', marker.xid, { brewery_id: 9000004, brewery_name: 'Marker' }],
    ]);
    await second.source.stop();
    expect(second.errors).toEqual([]);
    expect(tcpHandles()).toBe(handles);

    async function savedAfter(position: bigint): Promise<boolean> {
      return parseLsn((await store.load()) ?? '0/0') >= position;
    }
  }, 30_000);

  it('reports a failed delivery, saves nothing, and delivers the same change again on the next start', async () => {
    const positionStore = filePositionStore(join(dir, 'crash.json'));
    const options = { connectionString: server.connectionString, positionStore, slotName: 'crash_slot', fullLoad: false };
    const crashing = harness({ ...options, onRecords: () => Promise.reject(new Error('the delivery stream is down')) });
    await crashing.source.start();
    const txn = await transaction("INSERT INTO dm_core.brewery VALUES (9100001, 'Lost Or Not')");
    await waitFor('the failure', () => crashing.errors.length > 0);
    expect(crashing.errors.map((error) => error.message)).toEqual(['the delivery stream is down']);
    await crashing.source.stop();
    expect(await positionStore.load()).toBeUndefined();

    const retry = harness(options);
    await retry.source.start();
    await waitFor('the redelivered change', () => retry.records.length > 0);
    expect(retry.records.map((r) => [r.metadata.operation, r.metadata['transaction-id'], r.data])).toEqual([
      ['insert', txn.xid, { brewery_id: 9100001, brewery_name: 'Lost Or Not' }],
    ]);

    // A TRUNCATE has no DMS record: it is logged and handed to onControl.
    const truncate = await transaction('TRUNCATE dm_core.review');
    await waitFor('the truncate', () => retry.controls.length > 0);
    expect(retry.controls).toEqual([expect.objectContaining({ operation: 'truncate', tables: ['dm_core.review'], transactionId: truncate.xid })]);
    await retry.source.stop();
    expect(retry.errors).toEqual([]);
  }, 30_000);

  it('skips after a restart a transaction whose position was saved but never acknowledged', async () => {
    const positionStore = filePositionStore(join(dir, 'unacknowledged.json'));
    const options = { connectionString: server.connectionString, positionStore, slotName: 'ack_slot', fullLoad: false };
    const delivered: DmsRecord[] = [];
    // The replication connection drops while the batch is delivered: the position is saved, the acknowledgement lost.
    const cut = harness({
      ...options,
      onRecords: async (batch) => {
        delivered.push(...batch);
        await sql.query("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'ack_slot'");
      },
    });
    await cut.source.start();
    const txn = await transaction("INSERT INTO dm_core.brewery VALUES (9200001, 'Saved Not Acknowledged')");
    await waitFor('the dropped connection', () => cut.errors.length > 0);
    await cut.source.stop();
    expect(delivered.map((r) => r.metadata['transaction-id'])).toEqual([txn.xid]);
    const saved = parseLsn((await positionStore.load())!);
    expect(saved).toBeGreaterThan(parseLsn(delivered[0]!.metadata['stream-position']!));
    expect(parseLsn(await confirmedFlush('ack_slot'))).toBeLessThanOrEqual(saved);

    const next = harness(options);
    await next.source.start();
    const marker = await transaction("INSERT INTO dm_core.brewery VALUES (9200002, 'Marker')");
    await waitFor('the marker', () => next.records.length > 0);
    expect(next.records.map((r) => r.metadata['transaction-id'])).toEqual([marker.xid]);
    await next.source.stop();
    expect(next.errors).toEqual([]);
  }, 30_000);

  it('answers keepalives, confirming unrelated WAL, so an idle stream outlives wal_sender_timeout', async () => {
    await sql.query("ALTER SYSTEM SET wal_sender_timeout = '1s'");
    await sql.query('SELECT pg_reload_conf()');
    try {
      const positionStore = filePositionStore(join(dir, 'idle.json'));
      const { source, records, errors } = harness({ connectionString: server.connectionString, positionStore, slotName: 'idle_slot', fullLoad: false });
      await source.start();
      // WAL the publication does not carry: once caught up, the source confirms it from keepalives.
      await transaction('CREATE TABLE public.noise (n int)', 'INSERT INTO public.noise VALUES (1)');
      const { rows } = await sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(parseLsn(await confirmedFlush('idle_slot'))).toBeGreaterThanOrEqual(parseLsn(rows[0]!.lsn));
      const txn = await transaction("INSERT INTO dm_core.brewery VALUES (9300001, 'After A Quiet Spell')");
      await waitFor('the change after the idle time', () => records.length > 0 || errors.length > 0);
      expect(errors).toEqual([]);
      expect(records.map((r) => r.metadata['transaction-id'])).toEqual([txn.xid]);
      await source.stop();
    } finally {
      await sql.query('ALTER SYSTEM RESET wal_sender_timeout');
      await sql.query('SELECT pg_reload_conf()');
    }
  }, 30_000);

  it('stops with an error naming a published table the manifest does not declare', async () => {
    await sql.query('CREATE TABLE dm_core.extra (id int PRIMARY KEY); CREATE PUBLICATION dm_extra FOR TABLE dm_core.extra');
    const positionStore = filePositionStore(join(dir, 'extra.json'));
    const { source, errors } = harness({ connectionString: server.connectionString, positionStore, slotName: 'extra_slot', publicationName: 'dm_extra', fullLoad: false });
    await source.start();
    await transaction('INSERT INTO dm_core.extra VALUES (1)');
    await waitFor('the error', () => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(UnknownSourceTableError);
    expect(errors[0]!.message).toContain('dm_core.extra, which is not a source table of the lake manifest');
    await source.stop();
    expect(await positionStore.load()).toBeUndefined();
  }, 30_000);

  it('refuses a saved position whose slot is gone', async () => {
    const positionStore = filePositionStore(join(dir, 'lost.json'));
    await positionStore.save('0/1');
    const { source } = harness({ connectionString: server.connectionString, positionStore, slotName: 'lost_slot' });
    const started = source.start();
    await expect(started).rejects.toThrow(ReplicationSlotLostError);
    await expect(started).rejects.toThrow(/slot lost_slot did not exist, but a position \(0\/1\) was saved/);
  });

  it('delivers a column change as DMS control records, then stops before the first row in the new shape; with the manifest changed, that row follows', async () => {
    const positionStore = filePositionStore(join(dir, 'ddl.json'));
    const options = { connectionString: server.connectionString, positionStore, slotName: 'ddl_slot', fullLoad: false };
    const first = harness(options);
    await first.source.start();
    const before = await transaction("INSERT INTO dm_core.brewery VALUES (9500001, 'Before The Change')");
    await sql.query('ALTER TABLE dm_core.beer ADD COLUMN beer_ibu integer');
    const added = await transaction("INSERT INTO dm_core.beer VALUES (9500002, 1, 'Bitter', 'IPA', 6.5, 70)");
    try {
      await waitFor('the stop', () => first.errors.length > 0);
      await first.source.stop();
      expect(first.records.map((r) => [r.metadata['record-type'], r.metadata.operation, r.metadata['transaction-id']])).toEqual([
        ['data', 'insert', before.xid],
        ['control', 'add-column', added.xid],
      ]);
      const control = first.records[1]!;
      expect(control).toMatchObject({
        data: { beer_ibu: 'integer' },
        control: {
          'table-def': {
            columns: { beer_id: { type: 'bigint' }, brewery_id: { type: 'bigint' }, beer_name: { type: 'text' }, beer_style: { type: 'text' }, beer_abv: { type: 'numeric' }, beer_ibu: { type: 'integer' } },
            'primary-key': ['beer_id'],
          },
        },
        metadata: { 'schema-name': 'dm_core', 'table-name': 'beer', 'prev-transaction-id': before.xid },
      });
      expect(control.metadata['commit-timestamp']).toMatch(ISO_MICROS);
      expect(parseLsn(control.metadata['stream-position']!)).toBeGreaterThan(parseLsn(first.records[0]!.metadata['stream-position']!));
      expect(first.errors).toHaveLength(1);
      expect(first.errors[0]).toBeInstanceOf(SourceSchemaDriftError);
      expect(first.errors[0]!.message).toContain('PostgreSQL table dm_core.beer does not match the lake manifest: column beer_ibu is not in the manifest.');
      expect(first.errors[0]!.message).toContain('run `datamaster plan` to see the manifest change it calls for');
      // Saved up to the transaction before the change: the row in the new shape is neither delivered nor passed.
      expect(parseLsn((await positionStore.load())!)).toBeLessThan(parseLsn(control.metadata['stream-position']!));

      const taken = harness({ ...options, manifest: manifestWithIbu() });
      await taken.source.start();
      await waitFor('the row in the new shape', () => taken.records.length > 0);
      expect(taken.records.map((r) => [r.metadata.operation, r.metadata['transaction-id'], r.data])).toEqual([
        ['insert', added.xid, { beer_id: 9500002, brewery_id: 1, beer_name: 'Bitter', beer_style: 'IPA', beer_abv: 6.5, beer_ibu: 70 }],
      ]);

      // A type change and a dropped column, in one statement: one control record each, the dropped column with its type before.
      await sql.query('ALTER TABLE dm_core.beer ALTER COLUMN beer_ibu TYPE numeric(5,1), DROP COLUMN beer_abv');
      await transaction("INSERT INTO dm_core.beer VALUES (9500003, 1, 'Hazy', 'NEIPA', 40.5)");
      await waitFor('the second stop', () => taken.errors.length > 0);
      await taken.source.stop();
      expect(taken.records.slice(1).map((r) => [r.metadata.operation, r.data])).toEqual([
        ['drop-column', { beer_abv: 'numeric' }],
        ['column-type-change', { beer_ibu: 'numeric(5,1)' }],
      ]);
      expect(taken.errors[0]!.message).toContain('column beer_abv is missing; column beer_ibu is numeric, the manifest wants integer');
    } finally {
      await first.source.stop();
      await sql.query('ALTER TABLE dm_core.beer DROP COLUMN beer_ibu, ADD COLUMN IF NOT EXISTS beer_abv numeric');
    }
  }, 30_000);

  it('delivers a large transaction whole, and fully loads a large table in bounded batches', async () => {
    const batches: DmsRecord[][] = [];
    const onRecords = async (batch: DmsRecord[]) => void batches.push(batch);
    const streaming = harness({ connectionString: server.connectionString, positionStore: filePositionStore(join(dir, 'bulk.json')), slotName: 'bulk_slot', fullLoad: false, onRecords });
    await streaming.source.start();
    const big = await transaction('INSERT INTO dm_core.review SELECT g, 1, 1, 1, 4.5, 4, 3.5, 4, NULL, 1322697600 + g FROM generate_series(1, 2500) AS g');
    const small = await transaction("INSERT INTO dm_core.brewery VALUES (9400001, 'Small')");
    await waitFor('both transactions', () => batches.flat().length >= 2501);
    await streaming.source.stop();
    expect(streaming.errors).toEqual([]);
    const xids = (batch: readonly DmsRecord[]) => batch.map((r) => r.metadata['transaction-id']);
    expect(batches.flat()).toHaveLength(2501);
    expect(batches.find((batch) => xids(batch).includes(big.xid))!.filter((r) => r.metadata['transaction-id'] === big.xid)).toHaveLength(2500);
    expect(xids(batches.flat()).at(-1)).toBe(small.xid);
    expect(batches.flat()[0]!.data).toEqual({
      review_id: 1, brewery_id: 1, beer_id: 1, profile_id: 1, review_overall: 4.5, review_aroma: 4, review_appearance: 3.5, review_palate: 4, review_taste: null, review_time: 1322697601,
    });

    const loadBatches: DmsRecord[][] = [];
    const loading = harness({
      connectionString: server.connectionString,
      positionStore: filePositionStore(join(dir, 'bulk-load.json')),
      slotName: 'bulk_load_slot',
      onRecords: async (batch) => void loadBatches.push(batch),
    });
    await loading.source.start();
    await loading.source.stop();
    const { rows } = await sql.query<{ n: number }>(
      'SELECT ((SELECT count(*) FROM dm_core.brewery) + (SELECT count(*) FROM dm_core.beer) + (SELECT count(*) FROM dm_core.profile) + (SELECT count(*) FROM dm_core.review))::int AS n',
    );
    expect(loadBatches.flat()).toHaveLength(rows[0]!.n);
    expect(loadBatches.flat().filter((r) => r.metadata['table-name'] === 'review')).toHaveLength(2500);
    expect(Math.max(...loadBatches.map((batch) => batch.length))).toBe(1000);
  }, 30_000);
});
