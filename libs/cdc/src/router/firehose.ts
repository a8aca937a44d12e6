// The Firehose data-transformation contract (Kinesis Data Streams source), typed here rather than
// from @types/aws-lambda: these few fields are the whole interface.
import { DELIVERY_PARTITION_KEY } from '@datamaster/lake-contract';
import { type FailedChange, failureLine, routeChange } from './route-change.js';

export interface FirehoseKinesisRecordMetadata {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly approximateArrivalTimestamp: number;
  readonly sequenceNumber: string;
  readonly subsequenceNumber?: number;
}

export interface FirehoseTransformationEventRecord {
  readonly recordId: string;
  /** When the record reached Kinesis, in ms since the epoch. */
  readonly approximateArrivalTimestamp: number;
  /** The Kinesis record's data, base64: here one DMS record as JSON. */
  readonly data: string;
  readonly kinesisRecordMetadata?: FirehoseKinesisRecordMetadata;
}

export interface FirehoseTransformationEvent {
  readonly invocationId: string;
  readonly deliveryStreamArn: string;
  readonly sourceKinesisStreamArn?: string;
  readonly region: string;
  readonly records: readonly FirehoseTransformationEventRecord[];
}

export interface FirehoseTransformationResultRecord {
  readonly recordId: string;
  readonly result: 'Ok' | 'ProcessingFailed';
  /** base64 of the NDJSON line (Ok) or of the { reason, record } line (ProcessingFailed). */
  readonly data: string;
  /** Dynamic partitioning: the S3 prefix raw/!{partitionKeyFromLambda:<DELIVERY_PARTITION_KEY>}/. */
  readonly metadata?: { readonly partitionKeys: { readonly [DELIVERY_PARTITION_KEY]: string } };
}

export interface FirehoseTransformationResult {
  readonly records: FirehoseTransformationResultRecord[];
}

/** One structured log line per failed record: Firehose keeps no reason of its own. */
export interface FirehoseFailureLog {
  readonly level: 'error';
  readonly recordId: string;
  readonly reason: string;
}

export interface RouteFirehoseOptions {
  /** Defaults to one JSON line on stderr (CloudWatch Logs in Lambda). */
  readonly logFailure?: (entry: FirehoseFailureLog) => void;
}

/** The event is not a Firehose transformation event: nothing can be answered, so the invocation fails. */
export class InvalidFirehoseEventError extends Error {
  override readonly name = 'InvalidFirehoseEventError';
  constructor(readonly problem: string) {
    super(`Not a Firehose data-transformation event: ${problem}. Configure the router as the delivery stream's Lambda processor.`);
  }
}

const logToStderr = (entry: FirehoseFailureLog) => process.stderr.write(`${JSON.stringify(entry)}\n`);

/**
 * Answers every input record once, in input order, as Firehose requires. A record that cannot be
 * routed is ProcessingFailed (Firehose writes it under the error prefix), never Dropped.
 */
export function routeFirehoseEvent(event: FirehoseTransformationEvent, options: RouteFirehoseOptions = {}): FirehoseTransformationResult {
  if (!Array.isArray(event?.records)) throw new InvalidFirehoseEventError('it has no records array');
  const logFailure = options.logFailure ?? logToStderr;
  const records = event.records.map((record, index): FirehoseTransformationResultRecord => {
    if (typeof record?.recordId !== 'string') throw new InvalidFirehoseEventError(`records[${index}] has no recordId`);
    if (!Number.isFinite(record.approximateArrivalTimestamp)) {
      throw new InvalidFirehoseEventError(`records[${index}].approximateArrivalTimestamp is ${JSON.stringify(record.approximateArrivalTimestamp)}, not ms since the epoch`);
    }
    const fail = (failure: FailedChange): FirehoseTransformationResultRecord => {
      logFailure({ level: 'error', recordId: record.recordId, reason: failure.reason });
      return { recordId: record.recordId, result: 'ProcessingFailed', data: Buffer.from(failureLine(failure)).toString('base64') };
    };
    if (typeof record.data !== 'string') {
      const problem = 'the record has no base64 data';
      return fail({ result: 'ProcessingFailed', problem, reason: problem, record: record.data ?? null });
    }
    const fallbackSeq = BigInt(Math.trunc(record.approximateArrivalTimestamp)) * 1000n + BigInt(index);
    const outcome = routeChange(Buffer.from(record.data, 'base64'), { fallbackSeq });
    if (outcome.result === 'ProcessingFailed') return fail(outcome);
    return {
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(outcome.line).toString('base64'),
      metadata: { partitionKeys: { [DELIVERY_PARTITION_KEY]: outcome.tableName } },
    };
  });
  return { records };
}
