// The platform's OpenLineage run events on one machine: the day files of the lake home's `lineage/`. With
// OPENLINEAGE_URL they also go to that endpoint (withLineageEndpoint in @datamaster/orchestration/lineage).
import type { LineageSink } from '@datamaster/lake-contract';
import { dayFileWriter } from './day-files.js';

export function fileLineageSink(dir: string): LineageSink {
  const write = dayFileWriter(dir);
  return (event) => write(new Date(String(event['eventTime'])), event);
}
