import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { PROCESSING_STATE_MACHINE_NAME } from '@datamaster/lake-contract';
import { DEFAULT_DEPLOYMENT, DeploymentContextError, deployedName, deploymentFromContext, resourceName } from '../src/deployment.js';

const withContext = (context: Record<string, unknown>) => deploymentFromContext(new App({ context }));

describe('the deployment from CDK context', () => {
  it('takes the defaults for what the context does not set', () => {
    expect(withContext({})).toMatchObject({ ...DEFAULT_DEPLOYMENT });
    expect(withContext({ stage: 'prod', availabilityZones: '3', rawExpireAfterDays: 30 })).toMatchObject({ stage: 'prod', availabilityZones: 3, rawRetention: { infrequentAccessAfterDays: 30, expireAfterDays: 30 } });
    expect(resourceName({ stage: 'prod' }, 'ledger')).toBe('datamaster-prod-ledger');
    expect(withContext({ dmsServiceRoles: 'false', athenaQueryScanLimitGb: '100' })).toMatchObject({ dmsServiceRoles: false, athenaQueryScanLimitGb: 100 });
    expect(withContext({ dmsServiceRoles: true }).dmsServiceRoles).toBe(true);
    const admin = 'arn:aws:iam::123456789012:role/Admin';
    expect(withContext({ lakeFormationAdminRoleArn: admin, processingSchedule: 'rate(6 hours)', sparkMaximumVcpus: '16' })).toMatchObject({ lakeFormationAdminRoleArn: admin, processingSchedule: 'rate(6 hours)', sparkMaximumVcpus: 16 });
    expect(withContext({}).lakeFormationAdminRoleArn).toBeUndefined();
  });

  it('refuses a bad value, naming the key and what it accepts', () => {
    expect(() => withContext({ stage: 'Prod_1' })).toThrow(DeploymentContextError);
    expect(() => withContext({ stage: 'Prod_1' })).toThrow(/"stage" must be 2-15 lowercase letters.*got "Prod_1"/);
    expect(() => withContext({ availabilityZones: 'two' })).toThrow(/"availabilityZones" must be a positive whole number, got "two"/);
    expect(() => withContext({ availabilityZones: 4 })).toThrow(/"availabilityZones" is at most 3, got 4/);
    expect(() => withContext({ logRetentionDays: 0 })).toThrow(/-c logRetentionDays=<n>/);
    expect(() => withContext({ dmsServiceRoles: 'no' })).toThrow(/"dmsServiceRoles" must be true or false, got "no"/);
    expect(() => withContext({ processingSchedule: '0 6 * * *' })).toThrow(/"processingSchedule" must be an EventBridge Scheduler cron\(...\) or rate\(...\) expression, got "0 6 \* \* \*"/);
    expect(() => withContext({ lakeFormationAdminRoleArn: 'admin' })).toThrow(/"lakeFormationAdminRoleArn" must be an IAM role ARN/);
  });

  it('gives a contract name the stage, and refuses a name that is not the platform one', () => {
    expect(deployedName({ stage: 'prod' }, PROCESSING_STATE_MACHINE_NAME)).toBe('datamaster-prod-processing');
    expect(() => deployedName({ stage: 'prod' }, 'processing')).toThrow(/"processing" does not start with "datamaster-"/);
  });
});
