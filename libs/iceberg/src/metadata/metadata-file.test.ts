import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icebergPartitionSpec, icebergSchema } from '@datamaster/lake-manifest';
import { InvalidMetadataError } from '../errors.js';
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
