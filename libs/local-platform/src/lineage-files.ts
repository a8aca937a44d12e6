// The platform's OpenLineage run events on one machine: JSON lines under the lake home (`lineage/YYYY-MM-DD.ndjson`,
// one append per event). With OPENLINEAGE_URL they also go to that endpoint (withLineageEndpoint in @datamaster/orchestration/lineage).
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LineageSink } from '@datamaster/lake-contract';

export function fileLineageSink(dir: string): LineageSink {
  let made: Promise<unknown> | undefined;
  return async (event) => {
    made ??= mkdir(dir, { recursive: true });
    await made;
    await appendFile(join(dir, `${String(event['eventTime']).slice(0, 10)}.ndjson`), `${JSON.stringify(event)}\n`);
  };
}
