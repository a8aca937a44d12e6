// The operations dashboard's panels: the platform's own metrics (the EMF lines the workers and jobs emit, namespace
// and names from the contract) and AWS's for the services the pipeline runs on. Every query is CloudWatch Metrics
// Insights SQL, so the metric names it reads are plain to check against what the code emits.
import { JOB_METRICS, METRICS_NAMESPACE, METRIC_DIMENSIONS, type JobMetricKey } from '@datamaster/lake-contract';
import { durationMs, type LakeManifest } from '@datamaster/lake-manifest';

export type MetricVisual = 'timeseries' | 'barchart' | 'stat';

export interface MetricPanel {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly visual: MetricVisual;
  /** Metrics Insights SQL. */
  readonly query: string;
  readonly namespace: string;
  /** The metrics the query reads. */
  readonly metrics: readonly string[];
  readonly unit?: string;
  /** For a freshness stat: the objective in seconds (the panel turns red at it). */
  readonly objectiveSeconds?: number;
}

export interface MetricRow {
  readonly title: string;
  readonly panels: readonly MetricPanel[];
}

type Aggregate = 'SUM' | 'AVG' | 'MAX';
const quoted = (name: string) => `"${name}"`;

/** A Metrics Insights query of one platform metric, split by table (or filtered to one). */
function platformQuery(aggregate: Aggregate, metric: JobMetricKey, options: { table?: string } = {}): { query: string; metrics: string[]; namespace: string } {
  const name = JOB_METRICS[metric].name;
  const schema = `SCHEMA(${[METRICS_NAMESPACE, ...METRIC_DIMENSIONS].map(quoted).join(', ')})`;
  const where = options.table === undefined ? ' GROUP BY "Table"' : ` WHERE "Table" = '${options.table}'`;
  return { query: `SELECT ${aggregate}(${quoted(name)}) FROM ${schema}${where}`, metrics: [name], namespace: METRICS_NAMESPACE };
}

/** A Metrics Insights query of an AWS service metric, split by one dimension. */
function awsQuery(namespace: string, aggregate: Aggregate, metric: string, dimension: string): { query: string; metrics: string[]; namespace: string } {
  return { query: `SELECT ${aggregate}(${quoted(metric)}) FROM SCHEMA(${quoted(namespace)}, ${quoted(dimension)}) GROUP BY ${quoted(dimension)}`, metrics: [metric], namespace };
}

function platformPanel(key: string, title: string, description: string, aggregate: Aggregate, metric: JobMetricKey, unit: string, visual: MetricVisual = 'timeseries'): MetricPanel {
  return { key, title, description, visual, unit, ...platformQuery(aggregate, metric) };
}

export function operationsRows(manifest: LakeManifest): MetricRow[] {
  const freshness = manifest.tables
    .filter((t) => t.freshness !== undefined && (t.layer === 'silver' || t.layer === 'gold'))
    .map((t): MetricPanel => {
      const objectiveSeconds = durationMs(t.freshness as string) / 1000;
      return {
        key: `freshness-${t.ref}`,
        title: t.ref,
        description: `How long the oldest work not yet in ${t.ref} has waited; its objective is ${t.freshness} (${objectiveSeconds} s).`,
        visual: 'stat',
        unit: 's',
        objectiveSeconds,
        ...platformQuery('MAX', 'freshnessLag', { table: t.ref }),
      };
    });
  return [
    {
      title: 'Pipeline: jobs per table',
      panels: [
        platformPanel('jobs-succeeded', 'Jobs succeeded', 'Bronze conversions and silver/gold jobs that committed, per table.', 'SUM', 'succeeded', 'short'),
        platformPanel('jobs-failed', 'Jobs failed', 'Failed attempts per table; they are retried with backoff while attempts are left.', 'SUM', 'failed', 'short'),
        platformPanel('retries', 'Highest attempt', 'The highest attempt number per table: above 1, work was retried.', 'MAX', 'attempt', 'short'),
        platformPanel('dead-records', 'Dead records', 'Ledger records that failed their last attempt; `datamaster reprocess` re-drives them.', 'SUM', 'dead', 'short', 'barchart'),
      ],
    },
    {
      title: 'Pipeline: rows, bytes and time',
      panels: [
        platformPanel('rows-out', 'Rows written', 'Rows each table took in, per period.', 'SUM', 'rowsOut', 'short'),
        platformPanel('rows-quarantined', 'Rows quarantined', 'Rows bronze set aside with their error (quarantine/ of the lake).', 'SUM', 'rowsQuarantined', 'short'),
        platformPanel('bytes-written', 'Bytes written', 'Data files written per table.', 'SUM', 'bytesWritten', 'bytes'),
        platformPanel('duration', 'Job duration', 'The longest job per table and period.', 'MAX', 'duration', 'ms'),
      ],
    },
    {
      title: 'Orchestration and delivery (AWS)',
      panels: [
        { key: 'executions-succeeded', title: 'State machine executions succeeded', description: 'Ingestion and processing executions that succeeded, per state machine.', visual: 'timeseries', unit: 'short', ...awsQuery('AWS/States', 'SUM', 'ExecutionsSucceeded', 'StateMachineArn') },
        { key: 'executions-failed', title: 'State machine executions failed', description: 'Executions that failed, timed out or were aborted end as failed here.', visual: 'timeseries', unit: 'short', ...awsQuery('AWS/States', 'SUM', 'ExecutionsFailed', 'StateMachineArn') },
        { key: 'execution-time', title: 'State machine execution time', description: 'Average execution duration per state machine.', visual: 'timeseries', unit: 'ms', ...awsQuery('AWS/States', 'AVG', 'ExecutionTime', 'StateMachineArn') },
        { key: 'emr-job-runs', title: 'EMR Serverless job runs succeeded', description: 'Spark job runs of the processing application that succeeded.', visual: 'timeseries', unit: 'short', ...awsQuery('AWS/EMRServerless', 'SUM', 'SuccessJobs', 'ApplicationId') },
        { key: 'emr-job-runs-failed', title: 'EMR Serverless job runs failed', description: 'Spark job runs that failed.', visual: 'timeseries', unit: 'short', ...awsQuery('AWS/EMRServerless', 'SUM', 'FailedJobs', 'ApplicationId') },
        { key: 'firehose-freshness', title: 'Firehose delivery lag', description: 'Age of the oldest record in Firehose not yet delivered to raw/ (DeliveryToS3.DataFreshness).', visual: 'timeseries', unit: 's', ...awsQuery('AWS/Firehose', 'MAX', 'DeliveryToS3.DataFreshness', 'DeliveryStreamName') },
        { key: 'dms-source-latency', title: 'DMS source latency', description: 'Seconds between a change in PostgreSQL and DMS reading it (CDCLatencySource).', visual: 'timeseries', unit: 's', ...awsQuery('AWS/DMS', 'MAX', 'CDCLatencySource', 'ReplicationTaskIdentifier') },
        { key: 'dms-target-latency', title: 'DMS target latency', description: 'Seconds between a change in PostgreSQL and DMS delivering it (CDCLatencyTarget).', visual: 'timeseries', unit: 's', ...awsQuery('AWS/DMS', 'MAX', 'CDCLatencyTarget', 'ReplicationTaskIdentifier') },
      ],
    },
    { title: 'Freshness against the manifest objectives', panels: freshness },
  ];
}
