// How a deployment of the platform on AWS is found: its stacks' names (datamaster-<stage>-<stack>) and the outputs
// that the CLI's AWS target reads. The CDK app declares these outputs under these keys; nothing else restates them.

/** A stage names one deployment: dev, prod, a developer's own (lowercase, as CDK context `stage` accepts). */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{1,14}$/;

/** datamaster-<stage>-<what>: stack, bucket prefix, alias, role and table names of one deployment. */
export function platformResourceName(stage: string, what: string): string {
  return `datamaster-${stage}-${what}`;
}

/** Each stack's outputs that the platform's clients read, by stack (the `what` of its name) and purpose. */
export const STACK_OUTPUTS = {
  storage: { rawBucket: 'RawBucketName', lakeBucket: 'LakeBucketName' },
  control: { ledgerTable: 'LedgerTableName' },
  ingestion: { ingestionStateMachine: 'IngestionStateMachineArn' },
  processing: { processingStateMachine: 'ProcessingStateMachineArn' },
  analytics: { athenaWorkgroup: 'AthenaWorkgroup' },
} as const;

export type PlatformStackWithOutputs = keyof typeof STACK_OUTPUTS;
