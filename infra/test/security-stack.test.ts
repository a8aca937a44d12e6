import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './synth.js';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(testApp().stacks.security);
});

describe('the security stack', () => {
  it('has a raw key and a lake key, both rotated, both kept when the stack goes', () => {
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(2);
    for (const key of Object.values(keys)) {
      expect(key['Properties']['EnableKeyRotation']).toBe(true);
      expect(key['DeletionPolicy']).toBe('Retain');
    }
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/datamaster-test-raw' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/datamaster-test-lake' });
  });

  it('keeps the masking key in Secrets Manager under the lake key, long enough for the workers', () => {
    const [lakeKey] = Object.entries(template.findResources('AWS::KMS::Key')).find(([, key]) => String(key['Properties']['Description']).includes('lake')) ?? [];
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'datamaster-test-masking-key',
      KmsKeyId: { 'Fn::GetAtt': [lakeKey, 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });
});
