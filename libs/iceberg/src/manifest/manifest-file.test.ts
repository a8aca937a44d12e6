import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icebergPartitionSpec, icebergSchema } from '@datamaster/lake-manifest';
import { decodeAvroContainer, encodeAvroContainer } from '../avro/avro-container.js';
import { deserializeValue } from '../avro/single-value.js';
import { AvroFileError, UnsafeLongError } from '../errors.js';
import { LocalFileIO, localLocation } from '../io/local-file-io.js';
import { partitionedTable } from '../testing/catalog-fixture.js';
import { ENTRY_STATUS, type ManifestEntry } from './data-file.js';
import { readManifest, writeManifest, type ManifestContext } from './manifest-file.js';
import { readManifestList, writeManifestList } from './manifest-list.js';
import { MANIFEST_LIST_SCHEMA } from './manifest-schemas.js';

const io = new LocalFileIO();
const schema = icebergSchema(partitionedTable());
const spec = icebergPartitionSpec(partitionedTable());
const stringField = schema.fields.find((f) => f.type === 'string');
const longField = schema.fields.find((f) => f.type === 'long');
let dir: string;
let ctx: ManifestContext;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iceberg-manifest-'));
  ctx = { tableLocation: localLocation(dir), schema, spec, snapshotId: '77', sequenceNumber: 5 };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entries(): ManifestEntry[] {
  if (stringField === undefined || longField === undefined) throw new Error('the test table needs a string and a long column');
  return [
    {
      status: ENTRY_STATUS.ADDED,
      snapshotId: '77',
      sequenceNumber: null,
      fileSequenceNumber: null,
      file: {
        path: 'file:///lake/a.parquet',
        partition: { review_year: 2024, review_month: 3 },
        recordCount: 10,
        fileSizeInBytes: 1000,
        metrics: {
          columnSizes: { [longField.id]: 80 },
          valueCounts: { [longField.id]: 10 },
          nullValueCounts: { [longField.id]: 0, [stringField.id]: 2 },
          lowerBounds: { [longField.id]: 3, [stringField.id]: 'Abbey' },
          upperBounds: { [longField.id]: 2 ** 40, [stringField.id]: 'Zwickel' },
        },
      },
    },
    {
      status: ENTRY_STATUS.EXISTING,
      snapshotId: '12',
      sequenceNumber: 2,
      fileSequenceNumber: 2,
      file: { path: 'file:///lake/b.parquet', partition: { review_year: 2023, review_month: 12 }, recordCount: 4, fileSizeInBytes: 500 },
    },
  ];
}

describe('manifests', () => {
  it('are Avro files whose header carries the spec metadata keys and field ids', async () => {
    const manifest = await writeManifest(io, ctx, entries());
    const container = await decodeAvroContainer(manifest.path, await io.read(manifest.path));
    expect(container.metadata['format-version']).toBe('2');
    expect(container.metadata['content']).toBe('data');
    expect(container.metadata['schema-id']).toBe(String(schema['schema-id']));
    expect(JSON.parse(container.metadata['schema'] ?? '')).toEqual(schema);
    expect(JSON.parse(container.metadata['partition-spec'] ?? '')).toEqual(spec.fields);
    expect(container.metadata['partition-spec-id']).toBe('0');
    const header = JSON.stringify(container.schema);
    expect(header).toContain('"name":"data_file","type":{"type":"record","name":"r2"');
    for (const [name, id] of [['status', 0], ['snapshot_id', 1], ['sequence_number', 3], ['file_sequence_number', 4], ['data_file', 2], ['file_path', 100], ['lower_bounds', 125]] as const) {
      expect(header).toMatch(new RegExp(`"name":"${name}","type":.*?"field-id":${id}[,}]`));
    }
    expect(header).toContain('"name":"k126_v127"');
    for (const f of spec.fields) expect(header).toContain(`"name":"${f.name}","type":["null","int"],"field-id":${f['field-id']}`);
    const raw = container.records[0] as { data_file: { lower_bounds: { key: number; value: Buffer }[] } };
    const bound = raw.data_file.lower_bounds.find((kv) => kv.key === stringField?.id);
    expect(bound && deserializeValue('string', bound.value)).toBe('Abbey');
  });

  it('round-trip entries, inheriting null sequence numbers from the manifest list entry', async () => {
    const written = entries();
    const manifest = await writeManifest(io, ctx, written);
    const read = await readManifest(io, manifest, schema);
    expect(read[0]).toEqual({ ...written[0], sequenceNumber: 5, fileSequenceNumber: 5 });
    expect(read[1]).toEqual(written[1]);
  });

  it('are summarised in a manifest list with counts and partition bounds', async () => {
    const manifest = await writeManifest(io, ctx, entries());
    expect(manifest).toMatchObject({ addedFilesCount: 1, existingFilesCount: 1, deletedFilesCount: 0, addedRowsCount: 10, existingRowsCount: 4, minSequenceNumber: 2, sequenceNumber: 5 });
    const list = await writeManifestList(io, { tableLocation: ctx.tableLocation, snapshotId: '77', parentSnapshotId: undefined, sequenceNumber: 5 }, [manifest]);
    const container = await decodeAvroContainer(list, await io.read(list));
    expect(container.metadata).toMatchObject({ 'snapshot-id': '77', 'parent-snapshot-id': 'null', 'sequence-number': '5', 'format-version': '2' });
    expect(JSON.stringify(container.schema)).toMatch(/"name":"added_snapshot_id","type":"long".*?"field-id":503/);
    const [read] = await readManifestList(io, list);
    expect(read?.path).toBe(manifest.path);
    expect(read?.length).toBe(manifest.length);
    const [year, month] = read?.partitions ?? [];
    expect(deserializeValue('int', year?.lowerBound ?? new Uint8Array())).toBe(2023);
    expect(deserializeValue('int', year?.upperBound ?? new Uint8Array())).toBe(2024);
    expect(deserializeValue('int', month?.lowerBound ?? new Uint8Array())).toBe(3);
    expect(deserializeValue('int', month?.upperBound ?? new Uint8Array())).toBe(12);
    expect(year?.containsNull).toBe(false);
    expect(year?.containsNan).toBeNull();
  });
});

// Iceberg Java draws snapshot ids from 63 random bits: beyond 2^53, where a JavaScript number rounds.
const JAVA_ID = '4806763671727586483';
const MAX_ID = '9223372036854775807';

describe('snapshot ids beyond 2^53 in manifests and manifest lists', () => {
  it('round-trip exactly, as Avro longs, in entries, the manifest list and its header', async () => {
    const bigCtx = { ...ctx, snapshotId: MAX_ID };
    const [added, existing] = entries();
    if (added === undefined || existing === undefined) throw new Error('expected two entries');
    // The ADDED entry inherits its snapshot id from the manifest list, as Java writes it.
    const manifest = await writeManifest(io, bigCtx, [{ ...added, snapshotId: null }, { ...existing, snapshotId: JAVA_ID }]);
    const list = await writeManifestList(io, { tableLocation: ctx.tableLocation, snapshotId: MAX_ID, parentSnapshotId: JAVA_ID, sequenceNumber: 5 }, [manifest]);

    expect(list).toContain(`/snap-${MAX_ID}-1-`);
    const raw = await decodeAvroContainer(list, await io.read(list));
    expect(raw.metadata).toMatchObject({ 'snapshot-id': MAX_ID, 'parent-snapshot-id': JAVA_ID });
    expect((raw.records[0] as { added_snapshot_id: unknown }).added_snapshot_id).toBe(2n ** 63n - 1n);
    const rawEntries = (await decodeAvroContainer(manifest.path, await io.read(manifest.path))).records as { snapshot_id: unknown }[];
    expect(rawEntries.map((e) => e.snapshot_id)).toEqual([null, BigInt(JAVA_ID)]);

    const [read] = await readManifestList(io, list);
    expect(read?.addedSnapshotId).toBe(MAX_ID);
    if (read === undefined) throw new Error('expected one manifest');
    expect((await readManifest(io, read, schema)).map((e) => e.snapshotId)).toEqual([MAX_ID, JAVA_ID]);
  });

  it('refuses any other long a number cannot hold, naming the file, record and field', async () => {
    const manifest = await writeManifest(io, ctx, entries());
    const path = `${ctx.tableLocation}/metadata/too-many-rows.avro`;
    const listRecord = { manifest_path: manifest.path, manifest_length: 1n, partition_spec_id: 0, content: 0, sequence_number: 1n, min_sequence_number: 1n, added_snapshot_id: 1n };
    const counts = { added_files_count: 1, existing_files_count: 0, deleted_files_count: 0, added_rows_count: 2n ** 53n + 1n, existing_rows_count: 0n, deleted_rows_count: 0n, partitions: null, key_metadata: null };
    await io.write(path, encodeAvroContainer(path, MANIFEST_LIST_SCHEMA, [{ ...listRecord, ...counts }], {}));
    const error = await readManifestList(io, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeLongError);
    expect((error as Error).message).toContain(`record 0 field added_rows_count in ${path} is 9007199254740993`);
  });

  it('name the file in Avro errors, reading and writing', async () => {
    const garbage = `${ctx.tableLocation}/metadata/garbage.avro`;
    await io.write(garbage, new TextEncoder().encode('not avro at all'));
    await expect(readManifestList(io, garbage)).rejects.toThrow(AvroFileError);
    await expect(readManifestList(io, garbage)).rejects.toThrow(`Avro file ${garbage} cannot be read: invalid magic bytes`);
    const unwritten = `${ctx.tableLocation}/metadata/unwritten.avro`;
    expect(() => encodeAvroContainer(unwritten, MANIFEST_LIST_SCHEMA, [{ manifest_path: 'x', manifest_length: 5 }], {})).toThrow(
      `Avro file ${unwritten} cannot be written: record 0 field manifest_length is 5`,
    );
  });
});
