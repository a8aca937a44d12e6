// The platform's metrics on one machine: the same EMF lines the workers print to CloudWatch on AWS, in the day files
// of the lake home's `metrics/`.
import type { EmbeddedMetricLine, MetricsSink } from '@datamaster/lake-contract';
import { dayFileWriter, readDayFiles } from './day-files.js';

/** A sink that appends each line to the day file of its timestamp. */
export function fileMetricsSink(dir: string): MetricsSink {
  const write = dayFileWriter(dir);
  return (line) => write(new Date(line._aws.Timestamp), line);
}

/** Every metric line with a timestamp at or after `since`, oldest file first; a torn last line (a killed writer) is skipped. */
export async function readMetricLines(dir: string, since: Date): Promise<EmbeddedMetricLine[]> {
  const lines = await readDayFiles<EmbeddedMetricLine>(dir, since.toISOString().slice(0, 10));
  return lines.filter((line) => line._aws?.Timestamp >= since.getTime());
}
