import { BRONZE_SYSTEM_COLUMNS, getTable, lakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { LocatedRecord } from './located-record.js';
import { CONTROL_PARTITION } from '@datamaster/lake-contract';
import { failureLine, routeChange, type FailedChange, type RoutedChange, type RouterOutcome } from './route-change.js';

const context = { fallbackSeq: 77n };

function reviewUpdate(metadata: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    data: { review_id: 42, brewery_id: 3, beer_id: 9, profile_id: 12, review_overall: 4.5, review_aroma: null, review_time: 1_700_000_000, ...data },
    metadata: {
      timestamp: '2026-11-26T03:00:01.000002Z',
      'record-type': 'data',
      operation: 'update',
      'partition-key-type': 'schema-table',
      'schema-name': 'dm_core',
      'table-name': 'review',
      'transaction-id': 812,
      'commit-timestamp': '2026-11-26T03:00:00.5Z',
      'stream-position': '1/16B3748',
      'transaction-record-id': 2,
      ...metadata,
    },
  };
}

function ok(outcome: RouterOutcome): RoutedChange {
  if (outcome.result !== 'Ok') throw new Error(`expected Ok, got: ${outcome.reason}`);
  return outcome;
}

function failed(outcome: RouterOutcome): FailedChange {
  if (outcome.result !== 'ProcessingFailed') throw new Error(`expected ProcessingFailed, got a line for ${outcome.tableName}`);
  return outcome;
}

describe('routeChange: data records', () => {
  it('flattens the row and adds op, change_ts, change_txn_id and change_seq, partitioned by the lake table', () => {
    const outcome = ok(routeChange(reviewUpdate(), context));
    expect(outcome.tableName).toBe('review');
    expect(outcome.line.endsWith('}\n')).toBe(true);
    expect(outcome.line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(outcome.line)).toEqual({
      ...reviewUpdate().data,
      op: 'update',
      change_ts: '2026-11-26T03:00:00.500000Z',
      change_txn_id: 812,
      change_seq: 2 ** 32 + 0x16b3748,
    });
  });

  it('adds only columns that bronze declares as system columns', () => {
    const line = JSON.parse(ok(routeChange(reviewUpdate(), context)).line) as Record<string, unknown>;
    const source = getTable(lakeManifest(), 'source.review').columns.map((c) => c.name);
    const added = Object.keys(line).filter((name) => !source.includes(name));
    const system = BRONZE_SYSTEM_COLUMNS.map((c) => c.name);
    expect(added.length).toBe(4);
    for (const name of added) expect(system).toContain(name);
  });

  it('falls back to the DMS timestamp, a null transaction id and the context sequence for full-load rows', () => {
    const load = reviewUpdate({ operation: 'load', 'transaction-id': undefined, 'commit-timestamp': undefined, 'stream-position': undefined });
    expect(JSON.parse(ok(routeChange(load, context)).line)).toMatchObject({ op: 'load', change_ts: '2026-11-26T03:00:01.000002Z', change_txn_id: null, change_seq: 77 });
  });

  it('uses the context sequence when the stream position is not an LSN', () => {
    const line = ok(routeChange(reviewUpdate({ 'stream-position': '0000000000123456.1' }), { fallbackSeq: 9n })).line;
    expect(JSON.parse(line)).toMatchObject({ change_seq: 9 });
  });

  it('writes change_seq as exact digits even beyond 2^53', () => {
    const line = ok(routeChange(reviewUpdate({ 'stream-position': 'FFFFFFFF/FFFFFFFF' }), context)).line;
    expect(line).toContain(`"change_seq":${2n ** 64n - 1n}}`);
  });

  it('routes JSON text and bytes the same as the object', () => {
    const fromObject = ok(routeChange(reviewUpdate(), context)).line;
    expect(ok(routeChange(JSON.stringify(reviewUpdate()), context)).line).toBe(fromObject);
    expect(ok(routeChange(Buffer.from(JSON.stringify(reviewUpdate())), context)).line).toBe(fromObject);
  });

  it('fails a table that is not in the lake manifest, naming it and the known tables', () => {
    const reason = failed(routeChange(reviewUpdate({ 'table-name': 'review_comment' }), context)).reason;
    expect(reason).toContain('table dm_core.review_comment is not in the lake manifest');
    expect(reason).toContain('dm_core.review');
    expect(failed(routeChange(reviewUpdate({ 'schema-name': 'public' }), context)).reason).toContain('table public.review is not in the lake manifest');
  });

  it('fails an undeclared column, naming the column and the table, instead of dropping it', () => {
    const outcome = failed(routeChange(reviewUpdate({}, { review_comment: 'Piney.' }), context));
    expect(outcome.reason).toContain('column "review_comment" of dm_core.review is not declared in the lake manifest');
    expect(outcome.record).toEqual(reviewUpdate({}, { review_comment: 'Piney.' }));
  });

  it('fails a change without its primary key', () => {
    const noKey = reviewUpdate();
    delete (noKey.data as Record<string, unknown>).review_id;
    expect(failed(routeChange(noKey, context)).reason).toContain('lacks its primary key review_id');
  });

  it('fails an integer JSON cannot carry exactly rather than passing on a rounded one', () => {
    const reason = failed(routeChange('{"data":{"review_id":9007199254740993},"metadata":' + JSON.stringify(reviewUpdate().metadata) + '}', context)).reason;
    expect(reason).toContain('column "review_id" of dm_core.review holds 9007199254740992, beyond 2^53');
  });

  it('fails a timestamp that is not ISO-8601', () => {
    expect(failed(routeChange(reviewUpdate({ 'commit-timestamp': '26/11/2026' }), context)).reason).toBe(
      'metadata.commit-timestamp "26/11/2026" is not an ISO-8601 date-time',
    );
  });
});

describe('routeChange: bad input and control records', () => {
  it('fails malformed JSON with the parser reason and keeps the text as received', () => {
    const outcome = failed(routeChange('{"data": {', context));
    expect(outcome.reason).toMatch(/^malformed JSON: /);
    expect(outcome.record).toBe('{"data": {');
  });

  it('fails an invalid envelope with the zod path and message', () => {
    const reason = failed(routeChange(reviewUpdate({ operation: 'upsert' }), context)).reason;
    expect(reason).toMatch(/^not a DMS record: metadata\.operation: /);
    expect(reason).toContain('"upsert"');
    expect(failed(routeChange(42, context)).reason).toMatch(/^not a DMS record: \(record\): .*object/);
    expect(failed(routeChange({ data: {} }, context)).reason).toContain('metadata:');
  });

  it('prefixes the reason with the origin of a located record, and keeps its line apart', () => {
    const outcome = failed(routeChange(new LocatedRecord('capture.jsonl line 6', 'not json', 6), context));
    expect(outcome.reason).toMatch(/^capture\.jsonl line 6: malformed JSON: /);
    expect(outcome.problem).toMatch(/^malformed JSON: /);
    expect(outcome.line).toBe(6);
    expect(outcome.table).toBeUndefined();
    expect(outcome.record).toBe('not json');
  });

  it('names the table a failed record names, even when the rest of its envelope is invalid', () => {
    expect(failed(routeChange(reviewUpdate({ 'table-name': 'review_comment' }), context)).table).toBe('dm_core.review_comment');
    expect(failed(routeChange(JSON.stringify(reviewUpdate({ operation: 'upsert' })), context)).table).toBe('dm_core.review');
    expect(failed(routeChange({ data: {} }, context)).table).toBeUndefined();
  });

  it('routes a control record whole, plus change_ts, to the _control partition', () => {
    const control = {
      data: { review_comment: 'text' },
      metadata: { ...reviewUpdate().metadata, 'record-type': 'control', operation: 'add-column', 'table-version': 2 },
    };
    const outcome = ok(routeChange(control, context));
    expect(outcome.tableName).toBe(CONTROL_PARTITION);
    expect(JSON.parse(outcome.line)).toEqual({ ...control, change_ts: '2026-11-26T03:00:00.500000Z' });
  });

  it('routes control records of tables the manifest does not know: schema changes are surfaced', () => {
    const control = { metadata: { ...reviewUpdate().metadata, 'table-name': 'review_comment', 'record-type': 'control', operation: 'create-table' } };
    expect(ok(routeChange(control, context)).tableName).toBe(CONTROL_PARTITION);
  });

  it('writes a failure as one { reason, table, record } line, table only when the record names one', () => {
    const line = failureLine(failed(routeChange('nope', context)));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ reason: expect.stringMatching(/^malformed JSON/), record: 'nope' });
    const unknown = reviewUpdate({ 'table-name': 'review_comment' });
    expect(JSON.parse(failureLine(failed(routeChange(unknown, context))))).toEqual({ reason: expect.stringContaining('review_comment'), table: 'dm_core.review_comment', record: unknown });
  });
});
