// The platform deployed on AWS as a client sees it: the deployment's outputs, its ledger table and its buckets as
// one object store (raw/ and errors/ in the raw bucket, the rest in the lake bucket), through the AWS SDK's own
// configuration (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL for an AWS-API server on loopback).
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ControlLedger } from '@datamaster/control-ledger';
import { lakeStoreOf } from '@datamaster/ingestion/aws';
import type { ObjectStore } from '@datamaster/storage';
import { readDeploymentOutputs, type DeploymentOutputs } from './deployment-outputs.js';

export interface AwsPlatform {
  readonly deployment: DeploymentOutputs;
  readonly ledger: ControlLedger;
  /** The lake's keys, raw/ and errors/ routed to the raw bucket. */
  readonly store: ObjectStore;
  close(): Promise<void>;
}

export class AwsRegionMissingError extends Error {
  override readonly name = 'AwsRegionMissingError';
}

export async function openAwsPlatform(stage: string): Promise<AwsPlatform> {
  const cloudFormation = new CloudFormationClient({});
  try {
    const region = await cloudFormation.config.region().catch(() => undefined);
    if (!region) throw new AwsRegionMissingError(`No AWS region for the deployment of stage ${stage}: set AWS_REGION (or a region in your AWS profile).`);
    const deployment = await readDeploymentOutputs(cloudFormation, stage, region);
    const store = lakeStoreOf({ LAKE_URI: `s3://${deployment.lakeBucket}`, RAW_URI: `s3://${deployment.rawBucket}` });
    const ledger = new ControlLedger({ client: {}, tableName: deployment.ledgerTable });
    return {
      deployment,
      ledger,
      store,
      close: async () => {
        ledger.close();
        await store.close();
      },
    };
  } finally {
    cloudFormation.destroy();
  }
}
