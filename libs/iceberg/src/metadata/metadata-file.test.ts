import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icebergPartitionSpec, icebergSchema } from '@datamaster/lake-manifest';
import { InvalidMetadataError, InvalidSnapshotIdError, UnsafeLongError } from '../errors.js';
import { LocalFileIO, localLocation } from '../io/local-file-io.js';
import { partitionedTable, unpartitionedTable } from '../testing/catalog-fixture.js';
import { metadataFileLocation, metadataVersion, readMetadataFile, writeMetadataFile } from './metadata-file.js';
import { newTableMetadata } from './new-table-metadata.js';

const io = new LocalFileIO();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iceberg-metadata-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('newTableMetadata', () => {
  it('derives schema and partition spec from the lake manifest, with v2 fields', () => {
    const table = partitionedTable();
    const m = newTableMetadata(table, { location: 'file:///lake/gold.db/t/', properties: { owner: 'x' }, now: 42 });
    expect(m['format-version']).toBe(2);
    expect(m.location).toBe('file:///lake/gold.db/t');
    expect(m.schemas).toEqual([icebergSchema(table)]);
    expect(m.schemas[0]?.fields.every((f) => f.doc.length > 0)).toBe(true);
    expect(m['partition-specs']).toEqual([icebergPartitionSpec(table)]);
    expect(m['last-column-id']).toBe(Math.max(...table.columns.map((c) => c.id)));
    expect(m['last-partition-id']).toBe(1000 + table.partitionBy.length - 1);
    expect(m['last-updated-ms']).toBe(42);
    expect(m['current-snapshot-id']).toBeNull();
    expect(m['sort-orders']).toEqual([{ 'order-id': 0, fields: [] }]);
    expect(m.properties).toEqual({ owner: 'x' });
    expect(m['table-uuid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses 999 as last-partition-id for an unpartitioned table', () => {
    const m = newTableMetadata(unpartitionedTable(), { location: 'file:///lake/t' });
    expect(m['partition-specs'][0]?.fields).toEqual([]);
    expect(m['last-partition-id']).toBe(999);
  });
});

describe('metadata files', () => {
  it('round-trips through <NNNNN>-<uuid>.metadata.json', async () => {
    const m = newTableMetadata(partitionedTable(), { location: localLocation(join(dir, 't')) });
    const location = metadataFileLocation(m.location, 7);
    expect(location).toMatch(/\/metadata\/00007-[0-9a-f-]{36}\.metadata\.json$/);
    expect(metadataVersion(location)).toBe(7);
    await writeMetadataFile(io, location, m);
    expect(await readMetadataFile(io, location)).toEqual(m);
  });

  it('reads the legacy -1 current-snapshot-id as no snapshot', async () => {
    const m = newTableMetadata(unpartitionedTable(), { location: localLocation(join(dir, 'legacy')) });
    const location = metadataFileLocation(m.location, 0);
    await io.write(location, new TextEncoder().encode(JSON.stringify({ ...m, 'current-snapshot-id': -1 })));
    expect((await readMetadataFile(io, location))['current-snapshot-id']).toBeNull();
  });

  it('reads a schema without identifier-field-ids (Iceberg Java leaves them out of a table without a key) as an empty key', async () => {
    const m = newTableMetadata(unpartitionedTable(), { location: localLocation(join(dir, 'keyless')) });
    const location = metadataFileLocation(m.location, 0);
    const keyless = m.schemas.map(({ 'identifier-field-ids': _ids, ...schema }) => schema);
    await io.write(location, new TextEncoder().encode(JSON.stringify({ ...m, schemas: keyless })));
    expect((await readMetadataFile(io, location)).schemas.map((s) => s['identifier-field-ids'])).toEqual([[]]);
  });

  it('rejects format v1 and non-JSON with the location in the message', async () => {
    const m = newTableMetadata(unpartitionedTable(), { location: localLocation(join(dir, 'bad')) });
    const v1 = metadataFileLocation(m.location, 1);
    await io.write(v1, new TextEncoder().encode(JSON.stringify({ ...m, 'format-version': 1 })));
    await expect(readMetadataFile(io, v1)).rejects.toThrow(InvalidMetadataError);
    await expect(readMetadataFile(io, v1)).rejects.toThrow(/format-version is 1/);
    const garbage = metadataFileLocation(m.location, 2);
    await io.write(garbage, new TextEncoder().encode('{not json'));
    await expect(readMetadataFile(io, garbage)).rejects.toThrow(garbage);
  });
});

describe('metadata files with snapshot ids beyond 2^53 (Iceberg Java draws them from 63 random bits)', () => {
  const JAVA_ID = '4806763671727586483';
  const MAX_ID = '9223372036854775807';

  /** A metadata file as Java writes it: every snapshot id a bare JSON number, which JSON.parse would round. */
  function javaMetadataText(location: string): string {
    const m = newTableMetadata(partitionedTable(), { location });
    const snapshot = (id: string, sequence: number) => ({ 'snapshot-id': id, 'sequence-number': sequence, 'timestamp-ms': 1_700_000_000_000 + sequence, 'manifest-list': `${location}/metadata/snap-${id}.avro`, summary: { operation: 'append' }, 'schema-id': 0 });
    const withIds = {
      ...m,
      'current-snapshot-id': MAX_ID,
      snapshots: [snapshot(JAVA_ID, 1), { ...snapshot(MAX_ID, 2), 'parent-snapshot-id': JAVA_ID }],
      'snapshot-log': [{ 'timestamp-ms': 1, 'snapshot-id': JAVA_ID }, { 'timestamp-ms': 2, 'snapshot-id': MAX_ID }],
      refs: { main: { 'snapshot-id': MAX_ID, type: 'branch' }, audit: { 'snapshot-id': JAVA_ID, type: 'tag', 'max-ref-age-ms': 86_400_000 } },
      statistics: [{ 'snapshot-id': JAVA_ID, 'statistics-path': `${location}/metadata/stats.puffin`, 'file-size-in-bytes': 100, 'file-footer-size-in-bytes': 40, 'blob-metadata': [{ type: 'apache-datasketches-theta-v1', 'snapshot-id': JAVA_ID, 'sequence-number': 1, fields: [1] }] }],
      'partition-statistics': [{ 'snapshot-id': MAX_ID, 'statistics-path': `${location}/metadata/partition-stats.parquet`, 'file-size-in-bytes': 200 }],
    };
    return JSON.stringify(withIds, null, 2).replaceAll(`"${JAVA_ID}"`, JAVA_ID).replaceAll(`"${MAX_ID}"`, MAX_ID);
  }

  it('reads them exactly as strings, writes them back as the same JSON digits, and reads that back identically', async () => {
    const table = localLocation(join(dir, 'java'));
    const javaFile = metadataFileLocation(table, 1);
    const text = javaMetadataText(table);
    expect(text).toContain(`"current-snapshot-id": ${MAX_ID},`);
    await io.write(javaFile, new TextEncoder().encode(text));

    const read = await readMetadataFile(io, javaFile);
    expect(read['current-snapshot-id']).toBe(MAX_ID);
    expect(read.snapshots.map((s) => [s['snapshot-id'], s['parent-snapshot-id']])).toEqual([[JAVA_ID, undefined], [MAX_ID, JAVA_ID]]);
    expect(read['snapshot-log'].map((l) => l['snapshot-id'])).toEqual([JAVA_ID, MAX_ID]);
    expect(read.refs).toEqual({ main: { 'snapshot-id': MAX_ID, type: 'branch' }, audit: { 'snapshot-id': JAVA_ID, type: 'tag', 'max-ref-age-ms': 86_400_000 } });
    expect(read.statistics?.[0]?.['snapshot-id']).toBe(JAVA_ID);
    expect(read.statistics?.[0]?.['blob-metadata']?.[0]?.['snapshot-id']).toBe(JAVA_ID);
    expect(read['partition-statistics']?.[0]?.['snapshot-id']).toBe(MAX_ID);

    const ours = metadataFileLocation(table, 2);
    await writeMetadataFile(io, ours, read);
    const written = new TextDecoder().decode(await io.read(ours));
    for (const field of ['"current-snapshot-id"', '"parent-snapshot-id"']) expect(written).toContain(`${field}: ${field.includes('parent') ? JAVA_ID : MAX_ID}`);
    expect(written.match(new RegExp(`"snapshot-id": ${JAVA_ID}[,\n]`, 'g'))).toHaveLength(5);
    expect(written.match(new RegExp(`"snapshot-id": ${MAX_ID}[,\n]`, 'g'))).toHaveLength(4);
    expect(written).not.toMatch(/"snapshot-id": "/);
    expect(await readMetadataFile(io, ours)).toEqual(read);
  });

  it('refuses any other long beyond 2^53, and a snapshot id that is not a long, naming the field', async () => {
    const table = localLocation(join(dir, 'unsafe'));
    const m = newTableMetadata(unpartitionedTable(), { location: table });
    const unsafe = metadataFileLocation(table, 1);
    await io.write(unsafe, new TextEncoder().encode(JSON.stringify({ ...m, 'last-sequence-number': 0 }).replace('"last-sequence-number":0', '"last-sequence-number":9007199254740993')));
    await expect(readMetadataFile(io, unsafe)).rejects.toThrow(UnsafeLongError);
    await expect(readMetadataFile(io, unsafe)).rejects.toThrow(`last-sequence-number in ${unsafe} is 9007199254740993`);
    const fractional = metadataFileLocation(table, 2);
    await io.write(fractional, new TextEncoder().encode(JSON.stringify({ ...m, 'current-snapshot-id': 1.5 })));
    await expect(readMetadataFile(io, fractional)).rejects.toThrow(/current-snapshot-id is 1\.5, not a snapshot id/);
    const tooBig = metadataFileLocation(table, 3);
    await io.write(tooBig, new TextEncoder().encode(JSON.stringify({ ...m, refs: { main: { 'snapshot-id': 7, type: 'branch' } } }).replace('"snapshot-id":7', '"snapshot-id":9223372036854775808')));
    await expect(readMetadataFile(io, tooBig)).rejects.toThrow(/refs\.main\.snapshot-id is 9223372036854775808, not a snapshot id/);
    await expect(writeMetadataFile(io, metadataFileLocation(table, 4), { ...m, 'current-snapshot-id': 'latest' })).rejects.toThrow(InvalidSnapshotIdError);
  });
});
