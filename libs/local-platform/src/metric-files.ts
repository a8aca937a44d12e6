// The platform's metrics on one machine: the same EMF lines the workers print to CloudWatch on AWS, appended to one
// file a day under the lake home (`metrics/YYYY-MM-DD.ndjson`). Each line is written with one append, so processes
// writing at once (`up`, an ingest, an ECS task process) never interleave within a line.
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedMetricLine, MetricsSink } from '@datamaster/lake-contract';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;

function dayFile(dir: string, at: Date): string {
  return join(dir, `${at.toISOString().slice(0, 10)}.ndjson`);
}

/** A sink that appends each line to the day file of its timestamp. */
export function fileMetricsSink(dir: string): MetricsSink {
  let made: Promise<unknown> | undefined;
  return async (line) => {
    made ??= mkdir(dir, { recursive: true });
    await made;
    await appendFile(dayFile(dir, new Date(line._aws.Timestamp)), `${JSON.stringify(line)}\n`);
  };
}

/** Every metric line with a timestamp at or after `since`, oldest file first; a torn last line (a killed writer) is skipped. */
export async function readMetricLines(dir: string, since: Date): Promise<EmbeddedMetricLine[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const firstDay = since.toISOString().slice(0, 10);
  const days = names.filter((name) => (DAY_FILE.exec(name)?.[1] ?? '') >= firstDay).sort();
  const lines: EmbeddedMetricLine[] = [];
  for (const name of days) {
    for (const text of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (text.trim() === '') continue;
      let line: EmbeddedMetricLine;
      try {
        line = JSON.parse(text) as EmbeddedMetricLine;
      } catch {
        continue;
      }
      if (line._aws?.Timestamp >= since.getTime()) lines.push(line);
    }
  }
  return lines;
}
