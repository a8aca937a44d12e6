import { Template } from 'aws-cdk-lib/assertions';
import { BRONZE_PREFIX, COST_TAGS, ERRORS_PREFIX, RAW_PREFIX } from '@datamaster/lake-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type CfnJson } from './synth.js';

let template: Template;
let buckets: Record<string, { Properties: Record<string, CfnJson> }>;
const bucket = (prefix: string) => Object.entries(buckets).find(([id]) => id.startsWith(prefix))?.[1]?.Properties ?? {};

beforeAll(() => {
  template = Template.fromStack(testApp().stacks.storage);
  buckets = template.findResources('AWS::S3::Bucket') as typeof buckets;
});

describe('the storage stack', () => {
  it('blocks public access on every bucket and refuses plain HTTP in every bucket policy', () => {
    expect(Object.keys(buckets).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['Logs', 'Raw', 'Lake', 'Artifacts']);
    for (const { Properties } of Object.values(buckets)) {
      expect(Properties['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy['Properties']['PolicyDocument']['Statement']).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('encrypts raw with the raw key and the lake with the lake key, and logs access to both', () => {
    const kmsOf = (props: Record<string, CfnJson>) => props['BucketEncryption']['ServerSideEncryptionConfiguration'][0]['ServerSideEncryptionByDefault'];
    expect(kmsOf(bucket('Raw'))).toMatchObject({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) } });
    expect(kmsOf(bucket('Lake'))).toMatchObject({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::ImportValue': expect.stringMatching(/LakeKey/) } });
    for (const name of ['Raw', 'Lake', 'Artifacts']) expect(bucket(name)['LoggingConfiguration']).toMatchObject({ LogFilePrefix: `s3/${name.toLowerCase()}/` });
  });

  it('ages raw objects, delivery errors and bronze by the contract layout prefixes', () => {
    const rules = (props: Record<string, CfnJson>) => props['LifecycleConfiguration']['Rules'] as Record<string, CfnJson>[];
    expect(rules(bucket('Raw')).find((r) => r['Id'] === 'raw-objects')).toMatchObject({ Prefix: RAW_PREFIX, ExpirationInDays: 400, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] });
    expect(rules(bucket('Raw')).find((r) => r['Id'] === 'delivery-errors')).toMatchObject({ Prefix: ERRORS_PREFIX, ExpirationInDays: 90 });
    expect(rules(bucket('Lake')).find((r) => r['Id'] === 'bronze')).toMatchObject({ Prefix: BRONZE_PREFIX, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] });
  });

  it('sends the raw bucket object-created events to EventBridge without a custom resource', () => {
    expect(bucket('Raw')['NotificationConfiguration']).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  it('tags every bucket with the stage and the stack, the cost dashboard\'s allocation tags', () => {
    for (const properties of Object.values(buckets).map((b) => b.Properties))
      expect(properties['Tags']).toEqual(expect.arrayContaining([{ Key: COST_TAGS.stage, Value: 'test' }, { Key: COST_TAGS.component, Value: 'storage' }]));
  });

  it('outputs the raw and lake bucket names', () => {
    const outputs = template.toJSON()['Outputs'];
    const ref = (prefix: string) => ({ Ref: Object.keys(buckets).find((id) => id.startsWith(prefix)) });
    expect(outputs['RawBucketName']).toMatchObject({ Value: ref('Raw') });
    expect(outputs['LakeBucketName']).toMatchObject({ Value: ref('Lake') });
  });
});
