// CDC changes into bronze the way `datamaster stream` takes them: DMS records → router and delivery stream
// (Firehose semantics, gzip NDJSON objects under raw/) → ledger → ingestion state machine → bronze, every
// raw object ingested as it lands.
import { join } from 'node:path';
import { LocalDeliveryStream, jsonFileSequenceStore, type DmsDataRecord } from '@datamaster/cdc';
import { LocalIngestion } from '@datamaster/ingestion/local';
import { lakeManifest } from '@datamaster/lake-manifest';
import type { LocalPlatform } from '@datamaster/local-platform';

/** Changes delivered, per lake table and operation. */
export type ChangeCounts = Record<string, Record<string, number>>;

export interface Delivered {
  readonly changes: ChangeCounts;
  readonly routed: number;
  readonly rawObjects: number;
  /** The latest source commit time among the changes (ms). */
  readonly lastChangeMs: number;
}

/** The lake table a record's source table feeds (source tables are named by their OLTP schema and table). */
function lakeTableOf(record: DmsDataRecord): string {
  const { 'schema-name': schema, 'table-name': table } = record.metadata;
  const found = lakeManifest().tables.find((t) => t.layer === 'source' && t.source?.schema === schema && t.source.table === table);
  if (found === undefined) throw new Error(`no source table of the lake manifest is ${schema}.${table}`);
  return found.name;
}

export async function deliverToBronze(platform: LocalPlatform, batches: Iterable<DmsDataRecord[]>): Promise<Delivered> {
  const ingestion = new LocalIngestion({ store: platform.store, ledger: platform.ledger, maskingKey: platform.maskingKey });
  ingestion.start();
  const delivery = await LocalDeliveryStream.open({ sink: platform.store, sequence: jsonFileSequenceStore(join(platform.home.root, 'run', 'delivery-sequence.json')) });
  const changes: ChangeCounts = {};
  let lastChangeMs = 0;
  try {
    for (const batch of batches) {
      for (const record of batch) {
        const counts = (changes[lakeTableOf(record)] ??= {});
        counts[record.metadata.operation] = (counts[record.metadata.operation] ?? 0) + 1;
        lastChangeMs = Math.max(lastChangeMs, Date.parse(record.metadata['commit-timestamp'] ?? record.metadata.timestamp));
      }
      await delivery.put(batch);
    }
  } finally {
    await delivery.close();
    await ingestion.stop();
  }
  const stats = delivery.stats;
  if (stats.failed > 0) throw new Error(`the delivery stream rejected ${stats.failed} of ${stats.recordsIn} changes (see errors/ in the lake)`);
  return { changes, routed: stats.routed, rawObjects: stats.objectsWritten, lastChangeMs };
}
