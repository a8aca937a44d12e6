import type { Command } from 'commander';
import type { TableMetrics } from '@datamaster/local-platform';
import type { CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { formatBytes, formatTable } from '../io.js';

interface MetricsOptions {
  since?: number;
  json?: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function registerMetrics(program: Command, ctx: CommandContext): void {
  program
    .command('metrics')
    .description(
      "Summarise the workers' and jobs' metrics per table over the last hour and the last day: jobs, failures, dead records, retries, rows in and out, quarantined rows, bytes written, durations and the latest freshness lag. They are the CloudWatch EMF lines kept under the lake home's metrics/ (on AWS they go to CloudWatch and the operations dashboard).",
    )
    .option('--since <duration>', 'one window of this length instead (e.g. 15m, 6h)', parseDuration)
    .option('--json', 'print the windows as JSON')
    .action(async (options: MetricsOptions, command: Command) => {
      const [{ openLakeHome }, { readMetricLines, summarizeMetrics }] = await Promise.all([import('@datamaster/lake-home'), import('@datamaster/local-platform')]);
      const home = openLakeHome(ctx.homeDir(command));
      const now = Date.now();
      const windows = options.since === undefined ? [{ name: 'last hour', ms: HOUR_MS }, { name: 'last day', ms: DAY_MS }] : [{ name: `last ${durationText(options.since)}`, ms: options.since }];
      const lines = await readMetricLines(home.metricsDir, new Date(now - Math.max(...windows.map((w) => w.ms))));
      const summaries = windows.map((window) => ({ window: window.name, since: new Date(now - window.ms).toISOString(), tables: summarizeMetrics(lines, new Date(now - window.ms)) }));
      if (options.json) {
        ctx.output.line(JSON.stringify(summaries, null, 2));
        return;
      }
      if (lines.length === 0) {
        ctx.output.line(`No metrics in ${home.metricsDir} for the ${windows.at(-1)?.name}: they are written as ingest, process and up run.`);
        return;
      }
      for (const summary of summaries) {
        ctx.output.line(`${ctx.output.colors.bold(summary.window)} (since ${summary.since})`);
        ctx.output.line(summary.tables.length === 0 ? '  no jobs' : metricsTable(summary.tables));
        ctx.output.line('');
      }
    });
}

/** 3600000 → "1h", 900000 → "15m", 45000 → "45s": the window as `--since` was given. */
function durationText(ms: number): string {
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

function metricsTable(tables: readonly TableMetrics[]): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const ms = (n: number | undefined) => (n === undefined ? '-' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`);
  return formatTable(
    ['table', 'jobs', 'failed', 'dead', 'retries', 'rows in', 'rows out', 'quarantined', 'written', 'median', 'max', 'engine', 'lag'],
    tables.map((t) => [
      t.table,
      count(t.jobs),
      count(t.failed),
      count(t.dead),
      count(t.retries),
      count(t.rowsIn),
      count(t.rowsOut),
      count(t.rowsQuarantined),
      formatBytes(t.bytesWritten),
      ms(t.medianDurationMs),
      ms(t.maxDurationMs),
      t.engines.join(', '),
      t.freshnessLagSeconds === undefined ? '-' : `${t.freshnessLagSeconds} s`,
    ]),
  );
}
