// Avro object container files in memory. Schemas are passed as plain objects so Iceberg's
// field-id attributes reach the file header (an avro.Type would strip them).
import avro from 'avsc';

export interface AvroContainer {
  readonly metadata: Readonly<Record<string, string>>;
  /** The writer schema exactly as stored in the header, field ids included. */
  readonly schema: unknown;
  readonly records: readonly unknown[];
}

export async function encodeAvroContainer(schema: object, records: readonly unknown[], metadata: Readonly<Record<string, string>>): Promise<Uint8Array> {
  const meta = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
  // `metadata` and `writeHeader` are supported BlockEncoder options that avsc's typings omit. The header is
  // written even for no records: Java and Python readers refuse a 0-byte file (an empty snapshot's manifest list).
  const options = { codec: 'null', metadata: meta, writeHeader: 'always' } as Partial<avro.EncoderOptions>;
  const encoder = new avro.streams.BlockEncoder(schema as avro.Schema, options);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('end', () => resolve());
    encoder.on('error', reject);
  });
  for (const record of records) encoder.write(record);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

export async function decodeAvroContainer(bytes: Uint8Array): Promise<AvroContainer> {
  const decoder = new avro.streams.BlockDecoder();
  const records: unknown[] = [];
  let metadata: Record<string, string> = {};
  let schema: unknown;
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_type: unknown, _codec: string, header: { meta: Record<string, Buffer> }) => {
      metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString('utf8')]));
      schema = JSON.parse(metadata['avro.schema'] ?? 'null');
    });
    decoder.on('data', (record: unknown) => records.push(record));
    decoder.on('end', () => resolve());
    decoder.on('error', reject);
  });
  decoder.end(Buffer.from(bytes));
  await done;
  return { metadata, schema, records };
}
