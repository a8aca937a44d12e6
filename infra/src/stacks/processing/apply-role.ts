// The role `datamaster apply --target aws:<stage>` runs as after a deploy (the main workflow chains into it from the
// deploy role): it reads the stacks' outputs, evolves the silver and gold Iceberg tables in Glue (through Lake
// Formation, which is in charge of them), registers backfills in the ledger and starts the processing state machine
// that recomputes them, and follows that execution. Nothing else: no data read, no bronze, no grants.
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ICEBERG_LAYERS, ledgerTableDefinition, platformResourceName, tableLocation } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { resourceName, type Deployment } from '../../deployment.js';
import { keyUse } from '../key-use.js';
import { dataLocationResource, databaseResource, everyTableResource, glueArns, lakeFormationPermission } from '../lake-formation.js';
import { acknowledgeWildcardResources, bucketArnSeenFrom } from '../nag-findings.js';

export interface ApplyRoleProps {
  readonly deployment: Deployment;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  readonly ledger: dynamodb.ITable;
  readonly stateMachine: sfn.StateMachine;
}

export function applyRole(stack: Stack, props: ApplyRoleProps): iam.Role {
  const { deployment, lakeBucket, ledger, stateMachine } = props;
  const manifest = lakeManifest();
  const role = new iam.Role(stack, 'ApplyRole', {
    roleName: resourceName(deployment, 'apply'),
    // The account's IAM principals an administrator allows to assume it: the deploy role of the main workflow.
    assumedBy: new iam.AccountRootPrincipal(),
    description: 'Datamaster apply: brings the silver and gold tables in Glue to the manifest and runs the backfills it needs',
  });
  // `datamaster --target aws:<stage>` finds the deployment by its stacks' outputs.
  const stacks = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${platformResourceName(deployment.stage, '*')}/*` });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [stacks] }));

  const icebergGlue = ICEBERG_LAYERS.map((layer) => glueArns(stack, manifest.databases[layer]));
  const everyDatabase = stack.formatArn({ service: 'glue', resource: 'database', resourceName: '*' });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabases'], resources: [stack.formatArn({ service: 'glue', resource: 'catalog' }), everyDatabase] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable'], resources: icebergGlue.flatMap((arns) => Object.values(arns)) }));
  // The tables' metadata: read to plan and to find a backfill's partitions, written by each schema commit.
  const lakeArn = bucketArnSeenFrom(stack, lakeBucket);
  const tableObjects = ICEBERG_LAYERS.map((layer) => tableLocation(lakeArn, layer, '*'));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: tableObjects }));
  role.addToPolicy(keyUse(props.lakeKey));
  const ledgerTable = ledgerTableDefinition(ledger.tableName);
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [ledger.tableArn, ...ledgerTable.GlobalSecondaryIndexes.map((index) => `${ledger.tableArn}/index/${index.IndexName}`)],
    }),
  );
  const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachine.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
  acknowledgeWildcardResources(role, [stacks], "The deployment's stacks, datamaster-<stage>-*, whose outputs name its buckets, ledger and state machines.");
  acknowledgeWildcardResources(role, [everyDatabase], "Glue's GetDatabases lists the catalog's databases; Lake Formation shows the role only the lake's.");
  acknowledgeWildcardResources(role, icebergGlue.map((arns) => arns.tables), 'The tables of the silver and gold databases, which come and go with the manifest.');
  acknowledgeWildcardResources(role, tableObjects, 'Object ARNs narrow only by prefix: the silver and gold tables (silver/, gold/), as the contract layout names them.');
  acknowledgeWildcardResources(role, [executions], "The processing state machine's executions, whose names are made per run.");

  // Lake Formation: create and evolve the silver and gold tables at the lake location, as the lake-tables resource does.
  for (const layer of ICEBERG_LAYERS) {
    const database = manifest.databases[layer];
    lakeFormationPermission(stack, `ApplyCreate-${layer}`, role.roleArn, databaseResource(stack, database), ['CREATE_TABLE', 'DESCRIBE']);
    lakeFormationPermission(stack, `ApplyEvolve-${layer}`, role.roleArn, everyTableResource(stack, database), ['ALTER', 'DESCRIBE']);
  }
  lakeFormationPermission(stack, 'ApplyLocation', role.roleArn, dataLocationResource(stack, lakeBucket.bucketArn), ['DATA_LOCATION_ACCESS']);
  return role;
}
