// The control ledger: the DynamoDB table every worker and processing run records its work in. Its key and indexes
// come from the contract's table definition, the one the embedded DynamoDB-API server creates locally, so the table
// AWS runs and the table the laptop runs cannot differ. AWS::DynamoDB::Table (not TableV2, a global table).
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { STACK_OUTPUTS, ledgerTableDefinition, type KeySchemaElement } from '@datamaster/lake-contract';
import { resourceName, type Deployment } from '../deployment.js';

export interface ControlStackProps extends StackProps {
  readonly deployment: Deployment;
  readonly lakeKey: kms.IKey;
}

/** The contract's key schema as the L2 construct's keys; every ledger key attribute is a string. */
function keys(schema: readonly KeySchemaElement[]): { partitionKey: dynamodb.Attribute; sortKey?: dynamodb.Attribute } {
  const key = (type: KeySchemaElement['KeyType']) => schema.find((k) => k.KeyType === type)?.AttributeName;
  const hash = key('HASH');
  if (hash === undefined) throw new Error(`The ledger's key schema has no HASH key: ${JSON.stringify(schema)}`);
  const range = key('RANGE');
  return { partitionKey: { name: hash, type: dynamodb.AttributeType.STRING }, ...(range === undefined ? {} : { sortKey: { name: range, type: dynamodb.AttributeType.STRING } }) };
}

export class ControlStack extends Stack {
  readonly ledger: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ControlStackProps) {
    super(scope, id, props);
    const definition = ledgerTableDefinition(resourceName(props.deployment, 'ledger'));
    this.ledger = new dynamodb.Table(this, 'Ledger', {
      tableName: definition.TableName,
      ...keys(definition.KeySchema),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Every state change of a record, before and after: what observability and event-driven processing read.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.lakeKey,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.GlobalSecondaryIndexes) {
      this.ledger.addGlobalSecondaryIndex({ indexName: index.IndexName, ...keys(index.KeySchema), projectionType: dynamodb.ProjectionType.ALL });
    }
    // What `datamaster` reads to work against this deployment.
    new CfnOutput(this, STACK_OUTPUTS.control.ledgerTable, { value: this.ledger.tableName, description: 'The control ledger (LEDGER_TABLE)' });
  }
}
