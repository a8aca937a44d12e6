import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import { SEED_TABLES, seedRowCounts, type SeedTable } from '@datamaster/seed-data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DmsDataRecord } from '../envelope.js';
import { formatUtcMicros } from '../router/change-time.js';
import { parseLsn } from '../router/lsn.js';
import { routeChange } from '../router/route-change.js';
import { ChangeSimulator } from './change-simulator.js';
import { InvalidSimulatorOptionError } from './options.js';

const START = Date.UTC(2026, 10, 26, 3, 0, 0);
const SCALE = 0.01;
const simulator = (seed = 7, rps = 50) => new ChangeSimulator({ seed, scale: SCALE, startTime: START, rps });
const tableOf = (record: DmsDataRecord) => record.metadata['table-name'] as SeedTable;
const keyOf = (record: DmsDataRecord) => record.data[getTable(lakeManifest(), `source.${tableOf(record)}`).primaryKey[0]!] as number;
const share = (records: readonly DmsDataRecord[], test: (record: DmsDataRecord) => boolean) => records.filter(test).length / records.length;

/** Replays the records against a model of the keys; lists every change that hits a missing key. */
function keyProblems(records: readonly DmsDataRecord[], seedRows = seedRowCounts(SCALE)): string[] {
  const inserted = new Map<SeedTable, Set<number>>(SEED_TABLES.map((table) => [table, new Set()]));
  const deleted = new Map<SeedTable, Set<number>>(SEED_TABLES.map((table) => [table, new Set()]));
  const live = (table: SeedTable, id: number) => (id <= seedRows[table] || inserted.get(table)!.has(id)) && !deleted.get(table)!.has(id);
  const problems: string[] = [];
  for (const record of records) {
    const table = tableOf(record);
    const id = keyOf(record);
    const where = `${record.metadata.operation} of ${table} ${id}`;
    if (record.metadata.operation === 'insert') {
      if (id <= seedRows[table] || inserted.get(table)!.has(id)) problems.push(`${where}: key taken`);
      inserted.get(table)!.add(id);
    } else {
      if (!live(table, id)) problems.push(`${where}: no such key`);
      if (record.metadata.operation === 'delete') deleted.get(table)!.add(id);
    }
    if (record.metadata.operation !== 'delete' && table === 'review' && !(live('beer', record.data.beer_id as number) && live('profile', record.data.profile_id as number))) {
      problems.push(`${where}: references a missing beer or profile`);
    }
  }
  return problems;
}

describe('ChangeSimulator', () => {
  let sample: DmsDataRecord[];
  beforeAll(() => {
    sample = simulator().next(5000);
  });

  it('repeats itself for the same seed, however the records are asked for', () => {
    const whole = simulator().next(600);
    const a = simulator();
    expect([...a.next(100), ...a.next(1), ...a.next(499)]).toEqual(whole);
  });

  it('differs for a different seed', () => {
    expect(simulator(8).next(50)).not.toEqual(simulator(7).next(50));
  });

  it('produces DMS records the router accepts, with the manifest\'s columns', () => {
    const problems = sample.flatMap((record) => {
      const outcome = routeChange(record, { fallbackSeq: 0n });
      const table = getTable(lakeManifest(), `source.${tableOf(record)}`);
      const expected = record.metadata.operation === 'delete' ? [...table.primaryKey] : table.columns.map((c) => c.name);
      const columns = Object.keys(record.data).join(',');
      return [
        ...(outcome.result === 'Ok' ? [] : [outcome.reason]),
        ...(columns === expected.join(',') ? [] : [`${record.metadata.operation} of ${table.name} has columns ${columns}`]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('respects the default mix roughly: 70/20/10 inserts/updates/deletes, mostly reviews', () => {
    const records = sample;
    expect(share(records, (r) => r.metadata.operation === 'insert')).toBeCloseTo(0.7, 1);
    expect(share(records, (r) => r.metadata.operation === 'update')).toBeCloseTo(0.2, 1);
    expect(share(records, (r) => r.metadata.operation === 'delete')).toBeCloseTo(0.1, 1);
    expect(share(records, (r) => tableOf(r) === 'review')).toBeGreaterThan(0.8);
  });

  it('follows a configured mix', () => {
    const records = new ChangeSimulator({ seed: 1, scale: SCALE, startTime: START, mix: { operations: { insert: 1, update: 0, delete: 0 }, tables: { review: 0, profile: 1 } } }).next(300);
    expect(new Set(records.map((r) => `${tableOf(r)} ${r.metadata.operation}`))).toEqual(new Set(['brewery insert', 'beer insert', 'profile insert']));
  });

  it('updates and deletes only keys that exist, and inserts above the seed dataset\'s ids', () => {
    expect(keyProblems(sample)).toEqual([]);
  });

  it('deletes by key only and sends updates as full after-images of PII-looking profiles', () => {
    const profiles = sample.filter((r) => tableOf(r) === 'profile' && r.metadata.operation !== 'delete');
    expect(profiles.length).toBeGreaterThan(50);
    expect(profiles.filter((profile) => !/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(String(profile.data.email)))).toEqual([]);
    expect(profiles.filter((profile) => String(profile.data.profile_name).length < 3)).toEqual([]);
  });

  it('stamps transactions as PostgreSQL → DMS does: one xid and commit time, rising LSNs and record ids', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string, index: number) => ok || problems.push(`record ${index}: ${what}`);
    let previousXid: number | undefined;
    sample.forEach((record, index) => {
      const meta = record.metadata;
      const previous = sample[index - 1]?.metadata;
      if (previous) check(parseLsn(meta['stream-position']!)! > parseLsn(previous['stream-position']!)!, 'LSN not rising', index);
      if (previous && meta['transaction-id'] === previous['transaction-id']) {
        check(meta['transaction-record-id'] === previous['transaction-record-id']! + 1, 'record id not next', index);
        check(meta['commit-timestamp'] === previous['commit-timestamp'], 'commit time differs within the transaction', index);
        check(meta['prev-transaction-id'] === previous['prev-transaction-id'], 'previous xid differs within the transaction', index);
      } else {
        check(meta['transaction-record-id'] === 1, 'first record id not 1', index);
        if (previous) {
          check(meta['transaction-id']! > previous['transaction-id']!, 'xid not rising', index);
          check(meta['prev-transaction-id'] === previousXid, 'prev-transaction-id is not the previous xid', index);
          check(meta['commit-timestamp']! >= previous['commit-timestamp']!, 'commit time going back', index);
        }
        previousXid = meta['transaction-id'];
      }
      check(meta['commit-timestamp']! <= meta.timestamp, 'emitted before its commit', index);
    });
    expect(problems).toEqual([]);
    // The LSN starts near 4 GiB and crosses into the next high half within these records.
    expect(sample.at(-1)!.metadata['stream-position']).toMatch(/^1\//);
  });

  it('runs a simulated clock: record i happens at startTime + i / rps', () => {
    const records = simulator(7, 40).next(100);
    expect(records.map((record) => record.metadata.timestamp)).toEqual(records.map((_, i) => formatUtcMicros(BigInt(START * 1000 + Math.floor((i * 1_000_000) / 40)))));
  });

  it('sometimes changes one key several times within a transaction', () => {
    const records = sample;
    const byTransaction = new Map<number | undefined, DmsDataRecord[]>();
    for (const record of records) byTransaction.set(record.metadata['transaction-id'], [...(byTransaction.get(record.metadata['transaction-id']) ?? []), record]);
    const repeated = [...byTransaction.values()].filter((changes) => new Set(changes.map((c) => `${tableOf(c)}:${keyOf(c)}`)).size < changes.length);
    expect(repeated.length).toBeGreaterThan(5);
    expect(repeated.some((changes) => changes.map((c) => c.metadata.operation).join(',').startsWith('insert,update'))).toBe(true);
  });

  it('emits a second wave of updates and deletes of keys that already exist', () => {
    const sim = simulator();
    const first = sim.next(1000);
    const wave = sim.secondWave(2000);
    const pendingFirst = wave.findIndex((r) => r.metadata['transaction-record-id'] === 1);
    const waveProper = wave.slice(pendingFirst);
    expect(waveProper.every((r) => r.metadata.operation !== 'insert')).toBe(true);
    // Reviews can always be deleted; breweries, beers and profiles only while nothing references them.
    expect(share(waveProper.filter((r) => tableOf(r) === 'review'), (r) => r.metadata.operation === 'delete')).toBeCloseTo(1 / 3, 1);
    expect(keyProblems([...first, ...wave])).toEqual([]);
  });

  it('refuses options out of their domain', () => {
    const base = { seed: 1, scale: 1, startTime: START };
    expect(() => new ChangeSimulator({ ...base, seed: 1.5 })).toThrow(InvalidSimulatorOptionError);
    expect(() => new ChangeSimulator({ ...base, scale: 0 })).toThrow('scale=0');
    expect(() => new ChangeSimulator({ ...base, scale: 101 })).toThrow('scale=101');
    expect(() => new ChangeSimulator({ ...base, rps: -1 })).toThrow('rps=-1');
    expect(() => new ChangeSimulator({ ...base, startTime: new Date('nope') })).toThrow('startTime');
    expect(() => new ChangeSimulator({ ...base, mix: { operations: { insert: -1 } } })).toThrow('mix.operations.insert=-1');
    expect(() => new ChangeSimulator({ ...base, mix: { tables: { brewery: 0, beer: 0, profile: 0, review: 0 } } })).toThrow('at least one weight above 0');
    expect(() => new ChangeSimulator({ ...base, mix: { tables: { reviews: 1 } as never } })).toThrow('mix.tables.reviews');
  });
});
