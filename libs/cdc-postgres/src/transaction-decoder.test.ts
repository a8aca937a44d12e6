import { dmsRecordSchema } from '@datamaster/cdc';
import { lakeManifest, pgColumnType } from '@datamaster/lake-manifest';
import type { Pgoutput } from 'pg-logical-replication';
import { describe, expect, it } from 'vitest';
import { ReplicationStreamError, UnknownSourceTableError } from './errors.js';
import { RelationShapeChange } from './schema-change.js';
import type { SourceShape } from './source-shapes.js';
import { sourceTables } from './source-tables.js';
import { TransactionDecoder } from './transaction-decoder.js';

/** OIDs of the built-in types the manifest's sources use, fixed by PostgreSQL (pg_type.dat); the source asks the server. */
const BUILT_IN_OIDS: Record<string, number> = { bigint: 20, integer: 23, text: 25, numeric: 1700 };
const shapes: SourceShape[] = sourceTables(lakeManifest()).map((source) => ({
  source,
  columns: source.table.columns.map((column) => ({ name: column.name, type: { oid: BUILT_IN_OIDS[pgColumnType(column)]!, name: pgColumnType(column) } })),
}));
const TEXT_OID = BUILT_IN_OIDS['text']!;

/** A relation message; a column's type is the manifest's unless `types` names another OID. */
function relation(oid: number, name: string, columns: readonly string[], types: Record<string, number> = {}, schema = 'dm_core'): Pgoutput.MessageRelation {
  const declared = shapes.find((shape) => shape.source.name === name)?.columns;
  const typeOid = (column: string) => types[column] ?? declared?.find((c) => c.name === column)?.type.oid ?? TEXT_OID;
  return {
    tag: 'relation',
    relationOid: oid,
    schema,
    name,
    replicaIdentity: 'default',
    columns: columns.map((column, i) => ({ name: column, flags: i === 0 ? 1 : 0, typeOid: typeOid(column), typeMod: -1, typeSchema: null, typeName: null, parser: String })),
    keyColumns: [columns[0]!],
  };
}

const PROFILE = relation(16390, 'profile', ['profile_id', 'profile_name', 'email', 'state']);
// 2026-11-26T02:59:59.123456Z in microseconds since the Unix epoch, as the parser gives it.
const COMMIT_TIME = 1_795_661_999_123_456n;
const begin = (xid: number, commitLsn: string): Pgoutput.MessageBegin => ({ tag: 'begin', xid, commitLsn, commitTime: COMMIT_TIME });
const commit = (commitLsn: string): Pgoutput.MessageCommit => ({ tag: 'commit', flags: 0, commitLsn, commitEndLsn: null, commitTime: COMMIT_TIME });

describe('TransactionDecoder', () => {
  it('turns a transaction into DMS change records with its id, commit time and each change position', () => {
    const decoder = new TransactionDecoder(shapes, 'dm_cdc');
    const row = { profile_id: '7', profile_name: 'hoppy', email: 'h@example.com', state: 'CA' };
    expect(decoder.push('0/100', begin(-2, '00000000/00000200'))).toBeUndefined();
    decoder.push('0/110', PROFILE);
    decoder.push('0/110', { tag: 'insert', relation: PROFILE, new: row });
    decoder.push('0/120', { tag: 'update', relation: PROFILE, key: null, old: null, new: { ...row, state: 'NY' } });
    decoder.push('0/130', { tag: 'delete', relation: PROFILE, key: { profile_id: '7' }, old: null });
    const first = decoder.push('0/200', commit('0/200'))!;
    expect(first.transactionId).toBe(4294967294);
    expect(first.commitLsn).toBe('0/200');
    expect(first.records.map((record) => dmsRecordSchema.parse(record))).toHaveLength(3);
    expect(first.records.map((r) => [r.metadata.operation, r.metadata['stream-position'], r.metadata['transaction-record-id']])).toEqual([
      ['insert', '0/110', 0],
      ['update', '0/120', 1],
      ['delete', '0/130', 2],
    ]);
    expect(first.records[0]!.data).toEqual({ profile_id: 7, profile_name: 'hoppy', email: 'h@example.com', state: 'CA' });
    expect(first.records[2]!.data).toEqual({ profile_id: 7 });
    expect(first.records[0]!.metadata).toMatchObject({
      'schema-name': 'dm_core',
      'table-name': 'profile',
      'partition-key-type': 'schema-table',
      'transaction-id': 4294967294,
      'commit-timestamp': '2026-11-26T02:59:59.123456Z',
    });
    expect(first.records[0]!.metadata['prev-transaction-id']).toBeUndefined();

    decoder.push('0/300', begin(9, '0/400'));
    decoder.push('0/310', { tag: 'truncate', cascade: false, restartIdentity: true, relations: [PROFILE] });
    const second = decoder.push('0/400', commit('0/400'))!;
    expect(second.records).toEqual([]);
    expect(second.truncates).toEqual([
      {
        operation: 'truncate',
        tables: ['dm_core.profile'],
        cascade: false,
        restartIdentity: true,
        transactionId: 9,
        commitTimestamp: '2026-11-26T02:59:59.123456Z',
        streamPosition: '0/310',
      },
    ]);

    decoder.push('0/500', begin(10, '0/600'));
    decoder.push('0/510', { tag: 'insert', relation: PROFILE, new: row });
    expect(decoder.push('0/600', commit('0/600'))!.records[0]!.metadata['prev-transaction-id']).toBe(9);
  });

  it('stops at a table the manifest does not declare, naming it and the fix', () => {
    const decoder = new TransactionDecoder(shapes, 'dm_cdc');
    const push = () => decoder.push('0/10', relation(1, 'extra', ['id']));
    expect(push).toThrow(UnknownSourceTableError);
    expect(push).toThrow(/dm_core\.extra, which is not a source table.*ALTER PUBLICATION dm_cdc DROP TABLE dm_core\.extra/);
  });

  it('stops at a relation whose column names or types differ from the manifest, with where it showed', () => {
    const decoder = new TransactionDecoder(shapes, 'dm_cdc');
    decoder.push('0/5', begin(41, '0/30'));
    decoder.push('0/6', PROFILE);
    decoder.push('0/7', { tag: 'insert', relation: PROFILE, new: { profile_id: '7', profile_name: 'a', email: 'e', state: 'CA' } });
    decoder.push('0/30', commit('0/30'));
    decoder.push('0/40', begin(42, '0/60'));
    const renamed = relation(2, 'profile', ['profile_id', 'profile_name', 'email', 'nickname']);
    const caught = (push: () => unknown) => {
      try {
        push();
      } catch (error) {
        return error;
      }
      throw new Error('the push did not stop');
    };
    const change = caught(() => decoder.push('0/0', renamed)) as RelationShapeChange;
    expect(change).toBeInstanceOf(RelationShapeChange);
    expect(change.relation).toBe(renamed);
    expect(change.shape.source.name).toBe('profile');
    expect(change.at).toEqual({ streamPosition: '0/60', transactionId: 42, commitTimestamp: '2026-11-26T02:59:59.123456Z', prevTransactionId: 41 });

    const retyped = relation(2, 'profile', ['profile_id', 'profile_name', 'email', 'state'], { profile_id: BUILT_IN_OIDS['integer']! });
    expect(() => decoder.push('0/51', retyped)).toThrow(RelationShapeChange);
    expect(() => decoder.push('0/52', relation(2, 'profile', ['profile_id', 'profile_name', 'email']))).toThrow(RelationShapeChange);
  });

  it('refuses changes outside a transaction', () => {
    const decoder = new TransactionDecoder(shapes, 'dm_cdc');
    decoder.push('0/10', PROFILE);
    expect(() => decoder.push('0/20', { tag: 'insert', relation: PROFILE, new: {} })).toThrow(ReplicationStreamError);
    decoder.push('0/30', begin(1, '0/40'));
    expect(() => decoder.push('0/35', begin(2, '0/50'))).toThrow('BEGIN of transaction 2 inside transaction 1');
  });
});
