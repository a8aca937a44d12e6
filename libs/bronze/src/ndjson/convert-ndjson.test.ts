import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatMismatchError } from '../errors.js';
import { MASKING_KEY, ParquetProbe, convertText } from '../testing/bronze-fixture.js';

const profile = { table: 'profile', format: 'ndjson' } as const;
const token = (clear: string) => createHmac('sha256', MASKING_KEY).update(clear).digest('hex');
const change = (fields: Record<string, unknown>) => JSON.stringify(fields);
let probe: ParquetProbe;

beforeAll(async () => {
  probe = await ParquetProbe.open();
});
afterAll(async () => {
  await probe.close();
});

describe('convertToBronze, NDJSON changes', () => {
  it('converts insert, update and delete changes, masking PII and nulling what a delete lacks', async () => {
    const lines = [
      change({ profile_id: 1, profile_name: 'Percy.Quigley', email: 'percy@example.com', state: 'VA', op: 'insert', change_ts: '2026-11-26T03:00:00.123456Z', change_txn_id: 812, change_seq: 4711 }),
      change({ profile_id: 1, profile_name: 'Percy.Q', email: 'percy@example.com', state: 'OH', op: 'update', change_ts: '2026-11-26T03:00:01Z', change_txn_id: 813, change_seq: 4712 }),
      change({ profile_id: 1, op: 'delete', change_ts: '2026-11-26T03:00:02Z', change_txn_id: 814, change_seq: 4713 }),
    ];
    const { summary, parquet, quarantine } = await convertText(`${lines.join('\n')}\n`, profile);
    expect(quarantine).toEqual([]);
    expect(summary).toMatchObject({ rowsIn: 3, rowsOut: 3 });
    const rows = await probe.query(parquet, 'SELECT profile_id, profile_name, email, state, op, epoch_us(change_ts) AS change_ts, change_txn_id, change_seq FROM $file ORDER BY change_seq');
    expect(rows).toEqual([
      { profile_id: 1n, profile_name: token('Percy.Quigley'), email: token('percy@example.com'), state: 'VA', op: 'insert', change_ts: BigInt(Date.parse('2026-11-26T03:00:00.123Z')) * 1000n + 456n, change_txn_id: 812n, change_seq: 4711n },
      { profile_id: 1n, profile_name: token('Percy.Q'), email: token('percy@example.com'), state: 'OH', op: 'update', change_ts: BigInt(Date.parse('2026-11-26T03:00:01Z')) * 1000n, change_txn_id: 813n, change_seq: 4712n },
      { profile_id: 1n, profile_name: null, email: null, state: null, op: 'delete', change_ts: BigInt(Date.parse('2026-11-26T03:00:02Z')) * 1000n, change_txn_id: 814n, change_seq: 4713n },
    ]);
  });

  it('keeps 64-bit ids written as JSON numbers exactly', async () => {
    const line = '{"profile_id": 9223372036854775807, "profile_name": "a", "email": "b", "state": "VA", "op": "insert", "change_ts": "2026-11-26T03:00:00Z", "change_txn_id": 9007199254740993, "change_seq": 1}';
    const { parquet } = await convertText(line, profile);
    expect(await probe.query(parquet, 'SELECT profile_id, change_txn_id FROM $file')).toEqual([{ profile_id: 9223372036854775807n, change_txn_id: 9007199254740993n }]);
  });

  it('quarantines unknown keys, malformed JSON, missing required keys and bad values, with their line numbers', async () => {
    const ok = { profile_id: 1, profile_name: 'n', email: 'e', state: 'VA', op: 'insert', change_ts: '2026-11-26T03:00:00Z', change_txn_id: 1, change_seq: 1 };
    const lines = [
      change(ok),
      change({ ...ok, nickname: 'x' }),
      '{"profile_id": 2, "op": "insert",',
      '',
      change({ ...ok, email: undefined }),
      change({ ...ok, op: 'delete', profile_id: undefined }),
      change({ ...ok, change_ts: 'noon' }),
      change({ ...ok, op: 'upsert' }),
      change({ ...ok, profile_id: '12x' }),
      change({ ...ok, change_seq: 2 }),
    ];
    const { summary, quarantine } = await convertText(lines.join('\n'), profile);
    expect(quarantine.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 2, reason: 'unknown key "nickname" (not a column of bronze.profile)' },
      { line: 3, reason: 'malformed JSON: expected a key at column 34' },
      { line: 5, reason: 'column email: missing, but a value is required (NOT NULL in the source)' },
      { line: 6, reason: 'column profile_id: missing, but a value is required (primary key)' },
      { line: 7, reason: 'column change_ts: "noon" is not a timestamp with a time zone (ISO-8601, e.g. 2026-11-26T03:00:00.123456Z)' },
      { line: 8, reason: 'column op: expected one of insert, update, delete, load' },
      { line: 9, reason: 'column profile_id: "12x" is not an integer within the 64-bit range' },
    ]);
    expect(quarantine[1]!.raw).toBe(lines[2]);
    expect(summary).toMatchObject({ rowsIn: 9, rowsOut: 2, rowsQuarantined: 7 });
  });

  it('quarantines a nested value rather than flattening it', async () => {
    const { quarantine } = await convertText('{"profile_id": {"id": 1}}', profile);
    expect(quarantine[0]!.reason).toMatch(/^malformed JSON: a nested object or array/);
  });

  it('undoes JSON escapes before masking, so the token is that of the real value', async () => {
    const line = '{"profile_id": 1, "profile_name": "Caf\\u00e9 \\"Q\\"", "email": "e", "state": "VA", "op": "insert", "change_ts": "2026-11-26T03:00:00Z", "change_txn_id": null, "change_seq": 1}';
    const { parquet } = await convertText(line, profile);
    expect(await probe.query(parquet, 'SELECT profile_name, change_txn_id FROM $file')).toEqual([{ profile_name: token('Café "Q"'), change_txn_id: null }]);
  });

  it('refuses CSV content declared as NDJSON', async () => {
    await expect(convertText('profile_id,profile_name,email,state\n', profile)).rejects.toThrow(FormatMismatchError);
  });
});
