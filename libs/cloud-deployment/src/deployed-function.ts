// A deployed Lambda function run in-process: its code is the cloud assembly's asset folder its S3 key names, its
// environment the one the endpoint reports for it. For an AWS-API server that creates functions but cannot run
// them (moto without Docker), this is how the platform's own handlers run against what the stacks created.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsApiEndpoint, DeployedStack } from './deploy-cloud-assembly.js';

export interface DeployedFunction {
  readonly name: string;
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Sets the function's environment (and the endpoint's, as the Lambda runtime would give its credentials and
   * region) on this process, then calls its handler: the handlers configure themselves from process.env.
   */
  invoke(event: unknown): Promise<unknown>;
}

interface FunctionResource {
  readonly Type: string;
  readonly Properties: { readonly Code?: { readonly S3Key?: string }; readonly Handler?: string };
}

export class DeployedFunctionError extends Error {
  override readonly name = 'DeployedFunctionError';
}

export async function deployedFunction(options: { assembly: string; stack: DeployedStack; logicalIdPrefix: string; aws: AwsApiEndpoint }): Promise<DeployedFunction> {
  const { assembly, stack, logicalIdPrefix, aws } = options;
  const resource = stack.resources.find((r) => r.type === 'AWS::Lambda::Function' && r.logicalId.startsWith(logicalIdPrefix));
  if (resource === undefined) throw new DeployedFunctionError(`Stack ${stack.stackName} has no deployed Lambda function ${logicalIdPrefix}*.`);
  const template = JSON.parse(readFileSync(join(assembly, `${stack.id}.template.json`), 'utf8')) as { Resources: Record<string, FunctionResource> };
  const { Code, Handler } = template.Resources[resource.logicalId]?.Properties ?? {};
  const [file, exportName] = (Handler ?? '').split('.');
  if (Code?.S3Key === undefined || file === undefined || exportName === undefined) throw new DeployedFunctionError(`${resource.logicalId} has no asset code and handler in the template.`);
  const code = join(assembly, `asset.${Code.S3Key.replace(/\.zip$/, '')}`, `${file}.mjs`);
  const lambda = new LambdaClient({ endpoint: aws.endpoint, region: aws.region, credentials: aws.credentials });
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: resource.physicalId })).finally(() => lambda.destroy());
  const environment = config.Environment?.Variables ?? {};
  return {
    name: resource.physicalId,
    environment,
    invoke: async (event) => {
      Object.assign(process.env, { AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: aws.region, AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey }, environment);
      const handler = ((await import(pathToFileURL(code).href)) as Record<string, (event: unknown) => Promise<unknown>>)[exportName];
      if (typeof handler !== 'function') throw new DeployedFunctionError(`${code} exports no ${exportName}.`);
      return handler(event);
    },
  };
}

/** What EventBridge delivers for an object S3 created in `bucket` (the raw bucket sends its events there). */
export function objectCreatedEvent(bucket: string, key: string, size: number, region: string): unknown {
  return {
    version: '0',
    id: `object-created-${key}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { bucket: { name: bucket }, object: { key, size, etag: 'unused', sequencer: '1' }, reason: 'PutObject' },
  };
}
