// Registers bronze files a Python test wrote into a lake home as silver work, as the bronze worker does
// (libs/ingestion/src/process-raw-object.ts): through the real control ledger of the home (its embedded server,
// or the one a running `datamaster` command holds). Bundled by esbuild at test time (tests/bronze_work.py).
//   node register-bronze.mjs <home>  < [{ "table", "objectKey", "etag", "objectSize", "rows" }]  → [recordId]
import { openLakeHome } from '@datamaster/lake-home';
import { openLocalPlatform } from '@datamaster/local-platform';

interface BronzeFile {
  readonly table: string;
  readonly objectKey: string;
  readonly etag: string;
  readonly objectSize: number;
  readonly rows: number;
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const files = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BronzeFile[];
const platform = await openLocalPlatform(openLakeHome(process.argv[2] as string));
try {
  const ids: string[] = [];
  for (const file of files) {
    const { record } = await platform.ledger.register({ layer: 'silver', table: file.table, objectKey: file.objectKey, etag: file.etag, objectSize: file.objectSize, format: 'parquet', source: 'bronze', estimatedRecords: file.rows });
    ids.push(record.recordId);
  }
  process.stdout.write(JSON.stringify(ids));
} finally {
  await platform.close();
}
