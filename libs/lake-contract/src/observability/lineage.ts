// OpenLineage run events (spec 2-0-2) for every ingestion and processing job: START when the job takes its work,
// COMPLETE or FAIL when it ends, each naming its input and output datasets with the manifest's schema and the rows
// it read and wrote. There is no npm client; these are plain JSON documents, checked by the tests with
// openlineage-python's own event classes.
import { createHash } from 'node:crypto';

const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const facetSchema = (version: string, name: string) => `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`;
export const LINEAGE_SCHEMA_URLS = {
  runEvent: `${SPEC}#/$defs/RunEvent`,
  schema: facetSchema('1-2-0', 'SchemaDatasetFacet'),
  outputStatistics: facetSchema('1-0-2', 'OutputStatisticsOutputDatasetFacet'),
  inputStatistics: facetSchema('1-0-0', 'InputStatisticsInputDatasetFacet'),
  errorMessage: facetSchema('1-0-1', 'ErrorMessageRunFacet'),
  jobType: facetSchema('2-0-4', 'JobTypeJobFacet'),
} as const;

/** Who produced the events: this platform's contract library. */
export const LINEAGE_PRODUCER = 'https://github.com/datamaster-lake/datamaster/tree/main/libs/lake-contract';

/** The job namespace: the platform, then the stage on AWS (`datamaster/prod`) or `local`. */
export function lineageNamespace(where: string): string {
  return `datamaster/${where}`;
}

export type LineageEventType = 'START' | 'COMPLETE' | 'FAIL';

export interface LineageColumn {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
}

export interface LineageDataset {
  /** Where the dataset lives: the lake's warehouse (s3://bucket or file:///…/lake) or, for a raw object, its store. */
  readonly namespace: string;
  /** `silver.review`, or a raw object's key. */
  readonly name: string;
  readonly columns?: readonly LineageColumn[];
  readonly rows?: number;
  readonly bytes?: number;
}

export interface LineageRun {
  readonly eventType: LineageEventType;
  readonly at: Date;
  /** A UUID, the same for a job's START and its COMPLETE or FAIL (lineageRunId of the job's work). */
  readonly runId: string;
  readonly namespace: string;
  /** The table the job writes, e.g. `silver.review`. */
  readonly job: string;
  readonly inputs: readonly LineageDataset[];
  readonly outputs: readonly LineageDataset[];
  /** For a FAIL: the error's message. */
  readonly error?: string;
}

/** A stable UUID for a job's work (a work id, a ledger record's attempt): both ends of a run compute the same one. */
export function lineageRunId(work: string): string {
  const hex = createHash('sha256').update(work).digest('hex');
  // Version 5-shaped (name-based), variant 10xx.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const facet = (schemaURL: string, fields: Record<string, unknown>) => ({ _producer: LINEAGE_PRODUCER, _schemaURL: schemaURL, ...fields });

function dataset(d: LineageDataset, statistics: 'input' | 'output'): Record<string, unknown> {
  const facets = d.columns === undefined ? {} : { schema: facet(LINEAGE_SCHEMA_URLS.schema, { fields: d.columns.map((c) => ({ name: c.name, type: c.type, ...(c.description === undefined ? {} : { description: c.description }) })) }) };
  const stats = d.rows === undefined ? undefined : { rowCount: d.rows, ...(d.bytes === undefined ? {} : { size: d.bytes }) };
  const statisticsFacets =
    stats === undefined
      ? {}
      : statistics === 'output'
        ? { outputFacets: { outputStatistics: facet(LINEAGE_SCHEMA_URLS.outputStatistics, stats) } }
        : { inputFacets: { inputStatistics: facet(LINEAGE_SCHEMA_URLS.inputStatistics, stats) } };
  return { namespace: d.namespace, name: d.name, facets, ...statisticsFacets };
}

/** The RunEvent document of one transition of a job's run. */
export function lineageRunEvent(run: LineageRun): Record<string, unknown> {
  return {
    eventType: run.eventType,
    eventTime: run.at.toISOString(),
    producer: LINEAGE_PRODUCER,
    schemaURL: LINEAGE_SCHEMA_URLS.runEvent,
    run: { runId: run.runId, facets: run.error === undefined ? {} : { errorMessage: facet(LINEAGE_SCHEMA_URLS.errorMessage, { message: run.error, programmingLanguage: 'TypeScript' }) } },
    job: { namespace: run.namespace, name: run.job, facets: { jobType: facet(LINEAGE_SCHEMA_URLS.jobType, { processingType: 'BATCH', integration: 'DATAMASTER', jobType: 'JOB' }) } },
    inputs: run.inputs.map((d) => dataset(d, 'input')),
    outputs: run.outputs.map((d) => dataset(d, 'output')),
  };
}

/** Where run events go: JSON lines under the lake home locally, an OpenLineage endpoint when one is configured. */
export type LineageSink = (event: Record<string, unknown>) => void | Promise<void>;

/** Sends the event to the sink, if there is one; lineage that cannot be written never fails the job it describes. */
export async function emitLineage(sink: LineageSink | undefined, run: LineageRun): Promise<void> {
  if (sink === undefined) return;
  try {
    await sink(lineageRunEvent(run));
  } catch {
    // Lineage reports on the work; an unreachable endpoint must not fail a commit.
  }
}

/** Where a platform's run events go and how its datasets are named. */
export interface LineageContext {
  readonly sink: LineageSink;
  /** The job namespace (lineageNamespace). */
  readonly namespace: string;
  /** The dataset namespace of the lake's tables: its warehouse (s3://lake-bucket, file:///…/lake). */
  readonly warehouse: string;
  /** The dataset namespace of raw objects: their store (s3://raw-bucket, file:///…/lake). */
  readonly rawStore: string;
}

/** A manifest table's columns as a schema facet lists them. */
export function lineageColumns(columns: readonly { readonly name: string; readonly type: string; readonly description: string }[]): LineageColumn[] {
  return columns.map((c) => ({ name: c.name, type: c.type, description: c.description }));
}

/** What the run events show of a table's lineage: the datasets its runs read, the jobs that read it, its last run. */
export interface ObservedLineage {
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  readonly runs: number;
  readonly lastRun?: { readonly at: string; readonly eventType: string; readonly rowsIn?: number; readonly rowsOut?: number };
}

interface EventShape {
  readonly eventType?: string;
  readonly eventTime?: string;
  readonly job?: { readonly name?: string };
  readonly inputs?: readonly { readonly name?: string; readonly inputFacets?: { readonly inputStatistics?: { readonly rowCount?: number } } }[];
  readonly outputs?: readonly { readonly name?: string; readonly outputFacets?: { readonly outputStatistics?: { readonly rowCount?: number } } }[];
}

/**
 * A table's observed lineage from run events: the tables its completed runs read (raw objects are left out: each is
 * one file), the tables whose completed runs read it, and its latest run (completed or failed).
 */
export function observedLineage(events: readonly Record<string, unknown>[], ref: string): ObservedLineage {
  const runs = (events as readonly EventShape[]).filter((e) => e.job?.name === ref && (e.eventType === 'COMPLETE' || e.eventType === 'FAIL'));
  const completed = runs.filter((e) => e.eventType === 'COMPLETE');
  const tableNames = (datasets: readonly { readonly name?: string }[] | undefined) => (datasets ?? []).map((d) => d.name ?? '').filter((name) => /^[a-z]+\.[a-z0-9_]+$/.test(name));
  const upstream = [...new Set(completed.flatMap((e) => tableNames(e.inputs)))].sort();
  const downstream = [
    ...new Set((events as readonly EventShape[]).filter((e) => e.eventType === 'COMPLETE' && tableNames(e.inputs).includes(ref)).map((e) => e.job?.name ?? '')),
  ].sort();
  const last = [...runs].sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime))).at(-1);
  const rowsIn = last?.inputs?.[0]?.inputFacets?.inputStatistics?.rowCount;
  const rowsOut = last?.outputs?.[0]?.outputFacets?.outputStatistics?.rowCount;
  return {
    upstream,
    downstream,
    runs: runs.length,
    ...(last === undefined ? {} : { lastRun: { at: String(last.eventTime), eventType: String(last.eventType), ...(rowsIn === undefined ? {} : { rowsIn }), ...(rowsOut === undefined ? {} : { rowsOut }) } }),
  };
}

/** The environment variable naming a deployed worker's job namespace (lineageNamespace(stage)); without it, no lineage. */
export const LINEAGE_NAMESPACE_VARIABLE = 'LINEAGE_NAMESPACE';

/**
 * A deployed worker's lineage: each event one JSON line to `write` (standard output, i.e. CloudWatch Logs, where a
 * subscription can forward them to an OpenLineage backend), datasets under the lake's and the raw store's URIs.
 */
export function lineageToLines(
  write: (text: string) => unknown,
  where: { readonly namespace: string; readonly lakeUri: string; readonly rawUri?: string },
  /** Wraps the line sink, e.g. to also send each event to a configured endpoint. */
  extend: (sink: LineageSink) => LineageSink = (sink) => sink,
): LineageContext {
  return { sink: extend((event) => void write(`${JSON.stringify(event)}\n`)), namespace: where.namespace, warehouse: where.lakeUri, rawStore: where.rawUri ?? where.lakeUri };
}
