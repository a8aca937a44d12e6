import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../ledger/model.js';
import { tableStatus } from './table-status.js';

const at = '2030-01-01T00:00:00.000Z';
const record = (status: LedgerRecord['status'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  recordId: `silver-${Math.random()}`,
  layer: 'silver',
  table: 'beer',
  objectKey: 'bronze/beer/a.parquet',
  etag: 'e',
  objectSize: 1,
  format: 'parquet',
  source: 'bronze',
  status,
  attempts: 0,
  maxAttempts: 3,
  registeredAt: at,
  updatedAt: at,
  version: 1,
  attributes: {},
  ...extra,
});

describe('table status', () => {
  const beer = getTable(lakeManifest(), 'silver.beer');

  it('counts pending, failed and leased work as waiting, and says whose lease holds it', () => {
    const records = [
      record('pending'),
      record('failed'),
      record('running', { leaseOwner: 'run-1/silver.beer', leaseExpiresAt: '2030-01-01T00:15:00.000Z' }),
      record('running', { leaseOwner: 'run-1/silver.beer', leaseExpiresAt: '2030-01-01T00:16:00.000Z' }),
      record('succeeded', { finishedAt: at }),
    ];
    const status = tableStatus(beer, records, undefined, new Date(at));
    expect(status).toMatchObject({ waiting: 4, held: [{ owner: 'run-1/silver.beer', until: '2030-01-01T00:16:00.000Z', records: 2 }], freshness: 'never-loaded' });
  });

  it('reads size from the snapshot summary and judges freshness against the objective', () => {
    const snapshot = { id: '9007199254740993', timestampMs: Date.parse(at), summary: { 'total-records': '5', 'total-data-files': '2', 'total-files-size': '100' } };
    expect(tableStatus(beer, [], snapshot, new Date(at))).toMatchObject({ snapshot: { id: '9007199254740993', at }, rows: 5, dataFiles: 2, bytes: 100, freshness: 'fresh' });
    expect(tableStatus(beer, [], snapshot, new Date(Date.parse(at) + 2 * 86_400_000)).freshness).toBe('stale');
  });
});
