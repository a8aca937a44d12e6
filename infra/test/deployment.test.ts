import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT, DeploymentContextError, deploymentFromContext, resourceName } from '../src/deployment.js';

const withContext = (context: Record<string, unknown>) => deploymentFromContext(new App({ context }));

describe('the deployment from CDK context', () => {
  it('takes the defaults for what the context does not set', () => {
    expect(withContext({})).toMatchObject({ ...DEFAULT_DEPLOYMENT });
    expect(withContext({ stage: 'prod', availabilityZones: '3', rawExpireAfterDays: 30 })).toMatchObject({ stage: 'prod', availabilityZones: 3, rawRetention: { infrequentAccessAfterDays: 30, expireAfterDays: 30 } });
    expect(resourceName({ stage: 'prod' }, 'ledger')).toBe('datamaster-prod-ledger');
    expect(withContext({ dmsServiceRoles: 'false', athenaQueryScanLimitGb: '100' })).toMatchObject({ dmsServiceRoles: false, athenaQueryScanLimitGb: 100 });
    expect(withContext({ dmsServiceRoles: true }).dmsServiceRoles).toBe(true);
  });

  it('refuses a bad value, naming the key and what it accepts', () => {
    expect(() => withContext({ stage: 'Prod_1' })).toThrow(DeploymentContextError);
    expect(() => withContext({ stage: 'Prod_1' })).toThrow(/"stage" must be 2-15 lowercase letters.*got "Prod_1"/);
    expect(() => withContext({ availabilityZones: 'two' })).toThrow(/"availabilityZones" must be a positive whole number, got "two"/);
    expect(() => withContext({ availabilityZones: 4 })).toThrow(/"availabilityZones" is at most 3, got 4/);
    expect(() => withContext({ logRetentionDays: 0 })).toThrow(/-c logRetentionDays=<n>/);
    expect(() => withContext({ dmsServiceRoles: 'no' })).toThrow(/"dmsServiceRoles" must be true or false, got "no"/);
  });
});
