import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { LocalDeliveryStream } from '../delivery/local-delivery-stream.js';
import { MemorySink } from '../testing/doubles.js';
import { readSourceSchemaChanges, UnreadableControlObjectError } from './source-schema-changes.js';

/** A table-alter control record as the PostgreSQL source writes it: the changed column and its type in `data`. */
function control(operation: string, data: Record<string, string>, committed: string, table = 'beer', streamPosition = '0/1') {
  return {
    data,
    control: { 'table-def': { columns: {}, 'primary-key': [] } },
    metadata: {
      timestamp: committed,
      'record-type': 'control',
      operation,
      'partition-key-type': 'task-id',
      'schema-name': 'dm_core',
      'table-name': table,
      'transaction-id': 7,
      'commit-timestamp': committed,
      'stream-position': streamPosition,
    },
  };
}

/** The records routed and delivered into raw/_control/ as the stream does it, then read back. */
async function changesAfter(records: readonly object[], manifest: LakeManifest = lakeManifest()) {
  const sink = new MemorySink();
  const stream = await LocalDeliveryStream.open({ sink, streamId: 'ddl-test' });
  await stream.put(records);
  await stream.close();
  expect(stream.stats.failed).toBe(0);
  return readSourceSchemaChanges(sink, manifest);
}

/** The bundled manifest with beer's columns edited. */
function editedBeer(edit: (columns: LakeManifest['tables'][number]['columns']) => LakeManifest['tables'][number]['columns']): LakeManifest {
  const manifest = lakeManifest();
  return { ...manifest, tables: manifest.tables.map((table) => (table.ref === 'source.beer' ? { ...table, columns: edit(table.columns) } : table)) };
}

const T1 = '2026-11-26T03:00:00.000001Z';
const T2 = '2026-11-26T04:00:00.000002Z';

describe('readSourceSchemaChanges', () => {
  it('names a column the source added and the manifest does not declare, with its type, when, and the declaration that takes it', async () => {
    expect(await changesAfter([control('add-column', { beer_ibu: 'integer' }, T1)])).toEqual([
      {
        sourceTable: 'dm_core.beer',
        file: 'tables/sources/beer.json',
        changes: [{ operation: 'add-column', column: 'beer_ibu', sourceType: 'integer', at: T1, manifestChange: 'not in tables/sources/beer.json; declare it (nullable, type int) to take it' }],
      },
    ]);
  });

  it('lists nothing the manifest reflects: the column declared, with a type of the same base', async () => {
    const declared = editedBeer((columns) => [...columns, { ...columns[0]!, id: 6, name: 'beer_ibu', type: 'int', nullable: true }]);
    expect(await changesAfter([control('add-column', { beer_ibu: 'integer' }, T1)], declared)).toEqual([]);
    expect(await changesAfter([control('column-type-change', { beer_abv: 'numeric(6,2)' }, T1)])).toEqual([]);
    expect(await changesAfter([control('drop-column', { beer_gone: 'text' }, T1)])).toEqual([]);
  });

  it('takes the latest change of each column, and the first time of a change recorded again', async () => {
    const added = control('add-column', { beer_ibu: 'integer' }, T1, 'beer', '0/10');
    const again = control('add-column', { beer_ibu: 'integer' }, T2, 'beer', '0/20');
    const [beer] = await changesAfter([again, added]);
    expect(beer!.changes).toEqual([expect.objectContaining({ column: 'beer_ibu', at: T1 })]);
    const dropped = control('drop-column', { beer_ibu: 'integer' }, T2, 'beer', '0/20');
    expect(await changesAfter([dropped, added])).toEqual([]);
    const retyped = control('column-type-change', { beer_ibu: 'bigint' }, T2, 'beer', '0/20');
    expect((await changesAfter([added, retyped]))[0]!.changes).toEqual([
      { operation: 'column-type-change', column: 'beer_ibu', sourceType: 'bigint', at: T1, manifestChange: 'not in tables/sources/beer.json; declare it (nullable, type long) to take it' },
    ]);
  });

  it('names a dropped column the manifest still declares, and a type the manifest declares otherwise', async () => {
    const [beer] = await changesAfter([control('drop-column', { beer_style: 'text' }, T1), control('column-type-change', { beer_abv: 'double precision' }, T2), control('column-type-change', { beer_name: 'character varying(80)' }, T2)]);
    expect(beer!.changes.map((c) => [c.column, c.manifestChange])).toEqual([
      ['beer_style', 'still declared in tables/sources/beer.json; remove it to take it'],
      ['beer_abv', 'tables/sources/beer.json declares it double (numeric); declare type double (without source.pgType) to take it'],
      ['beer_name', 'tables/sources/beer.json declares it string (text); declare "source": { "pgType": "character varying(80)" } and a logical type that holds its values to take it'],
    ]);
  });

  it('names a table the manifest does not declare, and passes over records that change no column', async () => {
    const createTable = { metadata: { ...control('add-column', {}, T1).metadata, operation: 'create-table', 'table-name': 'review_comment' } };
    const withoutColumns = { metadata: control('add-column', {}, T1).metadata };
    expect(await changesAfter([control('add-column', { comment: 'text' }, T1, 'review_comment'), createTable, withoutColumns])).toEqual([
      {
        sourceTable: 'dm_core.review_comment',
        changes: [{ operation: 'add-column', column: 'comment', sourceType: 'text', at: T1, manifestChange: 'dm_core.review_comment is not a source table of the manifest; declare it under tables/sources/ to take it' }],
      },
    ]);
  });

  it('names a control object it cannot read', async () => {
    const sink = new MemorySink();
    await sink.put('raw/_control/x.ndjson.gz', Buffer.from('plain'), {});
    const failure = readSourceSchemaChanges(sink, lakeManifest());
    await expect(failure).rejects.toThrow(UnreadableControlObjectError);
    await expect(failure).rejects.toThrow('The control object raw/_control/x.ndjson.gz cannot be read');
  });
});
