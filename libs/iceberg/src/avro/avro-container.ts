// Avro object container files in memory. The header carries the schema exactly as given, so Iceberg's
// field-id attributes reach it (avsc's own encoder writes an avro.Type's schema, which drops them). Every
// long is a bigint (see avro-long.ts). Errors name the file.
import { randomBytes } from 'node:crypto';
import avro from 'avsc';
import { AvroFileError } from '../errors.js';
import { bigintLongs } from './avro-long.js';

export interface AvroContainer {
  readonly metadata: Readonly<Record<string, string>>;
  /** The writer schema exactly as stored in the header, field ids included. */
  readonly schema: unknown;
  /** The records, every Avro long as a bigint. */
  readonly records: readonly unknown[];
}

// The spec's "Object Container Files": header, then blocks of (count, size, records, sync marker).
const HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const MAGIC = Buffer.from('Obj\x01', 'latin1');
const BLOCK_LONG = avro.Type.forSchema('long');

const describe = (value: unknown) => (typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? JSON.stringify(value) : String(value));

/** The container file at `location`: one block of all the records, no compression. */
export function encodeAvroContainer(location: string, schema: object, records: readonly unknown[], metadata: Readonly<Record<string, string>>): Uint8Array {
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(schema as avro.Schema, { typeHook: bigintLongs });
  } catch (error) {
    throw new AvroFileError(location, 'written', `invalid schema (${(error as Error).message})`);
  }
  records.forEach((record, i) =>
    type.isValid(record, {
      errorHook: (path, value) => {
        throw new AvroFileError(location, 'written', `record ${i} field ${path.join('.') || '(the record)'} is ${describe(value)}, which its schema type does not accept`);
      },
    }),
  );
  const sync = randomBytes(16);
  const meta = { ...Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'utf8')])), 'avro.schema': Buffer.from(JSON.stringify(schema), 'utf8'), 'avro.codec': Buffer.from('null') };
  const header = HEADER.toBuffer({ magic: MAGIC, meta, sync });
  // No block for no records: a file with just the header, which Java and Python readers accept (a 0-byte one they refuse).
  if (records.length === 0) return header;
  const block = Buffer.concat(records.map((record) => type.toBuffer(record)));
  return Buffer.concat([header, BLOCK_LONG.toBuffer(records.length), BLOCK_LONG.toBuffer(block.byteLength), block, sync]);
}

/** Decodes the container file read from `location` (named in errors); any codec avsc knows (null, deflate). */
export async function decodeAvroContainer(location: string, bytes: Uint8Array): Promise<AvroContainer> {
  const decoder = new avro.streams.BlockDecoder({ parseHook: (schema) => avro.Type.forSchema(schema, { typeHook: bigintLongs }) });
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
  try {
    decoder.end(Buffer.from(bytes));
    await done;
  } catch (error) {
    throw new AvroFileError(location, 'read', (error as Error).message);
  }
  return { metadata, schema, records };
}
