export {
  DMS_CONTROL_OPERATIONS,
  DMS_DATA_OPERATIONS,
  dmsControlRecordSchema,
  dmsDataRecordSchema,
  dmsRecordSchema,
  isDataRecord,
  type DmsControlOperation,
  type DmsControlRecord,
  type DmsDataOperation,
  type DmsDataRecord,
  type DmsRecord,
} from './envelope.js';
export { parseLsn, formatLsn } from './router/lsn.js';
export { LocatedRecord } from './router/located-record.js';
export {
  failureLine,
  routeChange,
  type FailedChange,
  type RouteContext,
  type RoutedChange,
  type RouterOutcome,
} from './router/route-change.js';
export {
  InvalidFirehoseEventError,
  routeFirehoseEvent,
  type FirehoseFailureLog,
  type FirehoseKinesisRecordMetadata,
  type FirehoseTransformationEvent,
  type FirehoseTransformationEventRecord,
  type FirehoseTransformationResult,
  type FirehoseTransformationResultRecord,
  type RouteFirehoseOptions,
} from './router/firehose.js';
export type { ObjectSink } from './delivery/object-sink.js';
export { systemClock, type DeliveryClock } from './delivery/delivery-clock.js';
export { InvalidSequenceFileError, jsonFileSequenceStore, memorySequenceStore, type SequenceStore } from './delivery/sequence-store.js';
export {
  DeliveryStreamClosedError,
  FAILURES_LISTED,
  InvalidDeliveryOptionError,
  type DeliveryFailure,
  type DeliveryFlush,
  type DeliveryStats,
  type LocalDeliveryStreamOptions,
} from './delivery/delivery-options.js';
export { LocalDeliveryStream } from './delivery/local-delivery-stream.js';
export type { ObjectSource } from './delivery/object-source.js';
export {
  UnreadableErrorObjectError,
  readDeliveryErrors,
  type DeliveryErrorOutput,
  type DeliveryErrorSummary,
  type StoredDeliveryError,
} from './delivery/delivery-errors.js';
export {
  DEFAULT_CHANGE_MIX,
  InvalidSimulatorOptionError,
  SECOND_WAVE_MIX,
  SIMULATED_OPERATIONS,
  type ChangeMix,
  type ChangeMixInput,
  type ChangeSimulatorOptions,
  type SimulatedOperation,
} from './simulator/options.js';
export { SimulatorColumnError } from './simulator/rows.js';
export { ChangeSimulator, type SimulateOptions, type SimulationSummary } from './simulator/change-simulator.js';
export { readReplayFile } from './replay/read-replay-file.js';
export {
  readSourceSchemaChanges,
  UnreadableControlObjectError,
  type ColumnOperation,
  type SourceSchemaChange,
  type SourceTableSchemaChanges,
} from './control/source-schema-changes.js';
