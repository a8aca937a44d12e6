// The metrics the platform's workers and jobs emit, as CloudWatch embedded metric format (EMF) lines: one namespace,
// one set of dimensions, one list of names with their units. The code that emits them, `datamaster metrics` and the
// operations dashboard all read this list, so a panel cannot chart a metric nothing emits.

/** The CloudWatch namespace of every platform metric. */
export const METRICS_NAMESPACE = 'Datamaster';

/** What a job's metrics are split by: the table ("silver.review"), its layer and the engine or compute that ran it. */
export const METRIC_DIMENSIONS = ['Table', 'Layer', 'Engine'] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

/** CloudWatch's units, the ones used here. */
export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes' | 'Seconds';

export interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly description: string;
}

/** Every metric a job emits when it ends, keyed by the name the code uses. */
export const JOB_METRICS = {
  rowsIn: { name: 'RowsIn', unit: 'Count', description: 'Rows the job read: a raw object\'s rows, or the bronze/silver rows of its work.' },
  rowsOut: { name: 'RowsOut', unit: 'Count', description: 'Rows the job wrote.' },
  rowsQuarantined: { name: 'RowsQuarantined', unit: 'Count', description: 'Rows set aside in quarantine with their error (bronze only).' },
  duration: { name: 'Duration', unit: 'Milliseconds', description: 'Wall time of the job.' },
  bytesWritten: { name: 'BytesWritten', unit: 'Bytes', description: 'Bytes of the data files the job wrote.' },
  attempt: { name: 'Attempt', unit: 'Count', description: 'Which attempt this was (1 = first): above 1, a retry.' },
  succeeded: { name: 'JobsSucceeded', unit: 'Count', description: '1 when the job committed its output.' },
  failed: { name: 'JobsFailed', unit: 'Count', description: '1 when the job failed (it is retried while attempts are left).' },
  dead: { name: 'RecordsDead', unit: 'Count', description: 'Ledger records that failed their last attempt: they wait for `datamaster reprocess`.' },
  freshnessLag: { name: 'FreshnessLag', unit: 'Seconds', description: "How long the oldest work not yet in the table has waited (0: none waits); every processing run emits it for every table, against the table's freshness objective." },
} as const satisfies Record<string, MetricDefinition>;

export type JobMetricKey = keyof typeof JOB_METRICS;

/** One job's figures, by JOB_METRICS key; absent ones are not emitted. */
export type JobMetricValues = Partial<Record<JobMetricKey, number>>;

/** A CloudWatch embedded metric format document: one log line CloudWatch turns into metrics, with no API call. */
export interface EmbeddedMetricLine {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly [{ readonly Namespace: string; readonly Dimensions: readonly [readonly MetricDimension[]]; readonly Metrics: readonly { readonly Name: string; readonly Unit: MetricUnit }[] }];
  };
  readonly Table: string;
  readonly Layer: string;
  readonly Engine: string;
  readonly [metricOrProperty: string]: unknown;
}

/** A job's metrics as one EMF line (JSON), with extra properties (execution id, record id) kept for searching logs. */
export function embeddedMetricLine(
  job: { readonly table: string; readonly layer: string; readonly engine: string; readonly at: Date },
  values: JobMetricValues,
  properties: Readonly<Record<string, string>> = {},
): EmbeddedMetricLine {
  const emitted = (Object.keys(JOB_METRICS) as JobMetricKey[]).filter((key) => values[key] !== undefined && Number.isFinite(values[key]));
  return {
    ...properties,
    _aws: {
      Timestamp: job.at.getTime(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[...METRIC_DIMENSIONS]], Metrics: emitted.map((key) => ({ Name: JOB_METRICS[key].name, Unit: JOB_METRICS[key].unit })) }],
    },
    Table: job.table,
    Layer: job.layer,
    Engine: job.engine,
    ...Object.fromEntries(emitted.map((key) => [JOB_METRICS[key].name, values[key]])),
  };
}

/** Where metric lines go: standard output on AWS (CloudWatch Logs extracts them), the lake home locally. */
export type MetricsSink = (line: EmbeddedMetricLine) => void | Promise<void>;

/** Emits a job's metrics to the sink, if there is one; a sink that fails never fails the job it reports on. */
export async function emitJobMetrics(
  sink: MetricsSink | undefined,
  job: Parameters<typeof embeddedMetricLine>[0],
  values: JobMetricValues,
  properties?: Readonly<Record<string, string>>,
): Promise<void> {
  if (sink === undefined) return;
  try {
    await sink(embeddedMetricLine(job, values, properties));
  } catch {
    // Metrics are a report on the work, not part of it: a full disk or a closed stdout must not fail a commit.
  }
}

/** A sink writing each line as one JSON text to `write`: on AWS, standard output, which CloudWatch Logs reads as EMF. */
export function jsonLineSink(write: (text: string) => unknown): MetricsSink {
  return (line) => void write(`${JSON.stringify(line)}\n`);
}
