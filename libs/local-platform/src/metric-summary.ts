// The metric lines of a window, summed per table: what `datamaster metrics` prints, from the same figures the
// operations dashboard charts on AWS.
import { JOB_METRICS, type EmbeddedMetricLine } from '@datamaster/lake-contract';

export interface TableMetrics {
  readonly table: string;
  readonly jobs: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Ledger records that failed their last attempt. */
  readonly dead: number;
  /** Jobs that were a retry (attempt above 1). */
  readonly retries: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly bytesWritten: number;
  readonly medianDurationMs?: number;
  readonly maxDurationMs?: number;
  /** Engines or compute targets that ran the jobs (embedded, spark, lambda, ecs). */
  readonly engines: readonly string[];
  /** The latest freshness lag a processing run measured (how long the oldest waiting work has waited), in seconds. */
  readonly freshnessLagSeconds?: number;
  readonly lastAt: string;
}

const value = (line: EmbeddedMetricLine, key: keyof typeof JOB_METRICS): number => {
  const v = line[JOB_METRICS[key].name];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** One row per table with lines at or after `since`, tables in name order. */
export function summarizeMetrics(lines: readonly EmbeddedMetricLine[], since: Date): TableMetrics[] {
  const byTable = new Map<string, EmbeddedMetricLine[]>();
  for (const line of lines) {
    if (line._aws.Timestamp < since.getTime()) continue;
    const ofTable = byTable.get(line.Table);
    if (ofTable === undefined) byTable.set(line.Table, [line]);
    else ofTable.push(line);
  }
  return [...byTable.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, tableLines]) => {
      const sum = (key: keyof typeof JOB_METRICS) => tableLines.reduce((n, line) => n + value(line, key), 0);
      const jobLines = tableLines.filter((line) => value(line, 'succeeded') + value(line, 'failed') > 0);
      const lags = tableLines.filter((line) => typeof line[JOB_METRICS.freshnessLag.name] === 'number').sort((a, b) => a._aws.Timestamp - b._aws.Timestamp);
      const durations = jobLines.filter((line) => typeof line[JOB_METRICS.duration.name] === 'number').map((line) => value(line, 'duration')).sort((a, b) => a - b);
      return {
        table,
        jobs: jobLines.length,
        succeeded: sum('succeeded'),
        failed: sum('failed'),
        dead: sum('dead'),
        retries: jobLines.filter((line) => value(line, 'attempt') > 1).length,
        rowsIn: sum('rowsIn'),
        rowsOut: sum('rowsOut'),
        rowsQuarantined: sum('rowsQuarantined'),
        bytesWritten: sum('bytesWritten'),
        ...(durations.length === 0 ? {} : { medianDurationMs: durations[Math.floor((durations.length - 1) / 2)], maxDurationMs: durations[durations.length - 1] }),
        engines: [...new Set(jobLines.map((line) => line.Engine))].sort(),
        ...(lags.length === 0 ? {} : { freshnessLagSeconds: value(lags[lags.length - 1] as EmbeddedMetricLine, 'freshnessLag') }),
        lastAt: new Date(Math.max(...tableLines.map((line) => line._aws.Timestamp))).toISOString(),
      };
    });
}
