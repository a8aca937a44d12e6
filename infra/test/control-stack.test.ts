import { Template } from 'aws-cdk-lib/assertions';
import { ledgerTableDefinition } from '@datamaster/lake-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type CfnJson } from './synth.js';

let template: Template;
let table: Record<string, CfnJson>;
beforeAll(() => {
  template = Template.fromStack(testApp().stacks.control);
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  table = tables[0] as Record<string, CfnJson>;
});

describe('the control stack', () => {
  it('declares the ledger exactly as the contract defines it: key, attributes, indexes, billing', () => {
    const definition = ledgerTableDefinition('datamaster-test-ledger');
    const props = table['Properties'];
    expect(props['TableName']).toBe(definition.TableName);
    expect(props['BillingMode']).toBe(definition.BillingMode);
    expect(props['KeySchema']).toEqual(definition.KeySchema);
    expect([...props['AttributeDefinitions']].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName))).toEqual(
      [...definition.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
    );
    expect(props['GlobalSecondaryIndexes']).toEqual(definition.GlobalSecondaryIndexes);
  });

  it('keeps the ledger safe: point-in-time recovery, a stream, the lake key, deletion protection, retained', () => {
    expect(table['Properties']).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::ImportValue': expect.stringMatching(/LakeKey/) } },
      DeletionProtectionEnabled: true,
    });
    expect(table['DeletionPolicy']).toBe('Retain');
  });

  it('outputs the ledger table name', () => {
    const [ledger] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    expect(template.toJSON()['Outputs']['LedgerTableName']).toMatchObject({ Value: { Ref: ledger } });
  });
});
