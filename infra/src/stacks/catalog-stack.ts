// The catalog and its governance: a Glue database per layer the manifest names, the bronze tables (Parquet, for
// Athena), the silver and gold Iceberg tables (made by the platform's own code, see LakeTables below), Lake Formation
// in charge of all of them (IAM-only defaults off, the lake bucket registered), the manifest's principals as IAM
// roles with their grants per table and column, and a CloudTrail trail with the lake bucket's data events. The
// original granted Lake Formation permissions to one admin role only, on whole databases, and had no trail.
import { createHash } from 'node:crypto';
import { CustomResource, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BRONZE_PARTITION, ICEBERG_LAYERS, bronzeTablePrefix, icebergTables, tableLocation } from '@datamaster/lake-contract';
import { CATALOG_LAYERS, allGrants, glueType, lakeManifest, tablesInLayer, type CatalogLayer, type LakeTable } from '@datamaster/lake-manifest';
import { resourceName, type Deployment } from '../deployment.js';
import { dataLocationResource, databaseResource, everyTableResource, glueArns, lakeFormationPermission } from './lake-formation.js';
import { namedLogGroup } from './log-retention.js';
import { grantPermissions } from './manifest-grants.js';
import { keyUse } from './key-use.js';
import { acknowledgeNodeRuntime, appBundle, NODE_LAMBDA_RUNTIME } from './app-bundle.js';
import { acknowledgeWildcardResources, bucketArnSeenFrom } from './nag-findings.js';

export interface CatalogStackProps extends StackProps {
  readonly deployment: Deployment;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  /** Where the trail's log files go (under cloudtrail/). */
  readonly logsBucket: s3.IBucket;
}

/** Thrown when the stacks are synthesized without CDK's default synthesizer, whose CloudFormation role administers Lake Formation. */
export class UnsupportedSynthesizerError extends Error {
  override readonly name = 'UnsupportedSynthesizerError';
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

export class CatalogStack extends Stack {
  readonly databases: Readonly<Record<CatalogLayer, glue.CfnDatabase>>;
  /** Each manifest principal's IAM role, by principal name: who the grants are to (Athena's workgroup access is added by the analytics stack). */
  readonly principalRoles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, props: CatalogStackProps) {
    super(scope, id, props);
    const { deployment, lakeBucket, lakeKey } = props;
    const manifest = lakeManifest();
    const lakeRoot = `s3://${lakeBucket.bucketName}`;

    // Lake Formation decides who sees what: no IAMAllowedPrincipals on new databases and tables, and administrators
    // are the deployment's CloudFormation role (it declares every permission below) and the context's admin role.
    if (!(this.synthesizer instanceof DefaultStackSynthesizer)) throw new UnsupportedSynthesizerError(`The catalog stack needs CDK's DefaultStackSynthesizer (its CloudFormation execution role becomes Lake Formation administrator), got ${this.synthesizer.constructor.name}.`);
    const administrators = [Fn.sub(this.synthesizer.cloudFormationExecutionRoleArn), ...(deployment.lakeFormationAdminRoleArn === undefined ? [] : [deployment.lakeFormationAdminRoleArn])];
    const settings = new lakeformation.CfnDataLakeSettings(this, 'LakeFormationSettings', {
      admins: administrators.map((arn) => ({ dataLakePrincipalIdentifier: arn })),
      createDatabaseDefaultPermissions: [],
      createTableDefaultPermissions: [],
      // The stack owns the account's Lake Formation settings: appending would keep IAMAllowedPrincipals' defaults.
      mutationType: 'REPLACE',
    });

    const databases = {} as Record<CatalogLayer, glue.CfnDatabase>;
    for (const layer of CATALOG_LAYERS) {
      databases[layer] = new glue.CfnDatabase(this, `${layer}Database`, { catalogId: this.account, databaseInput: { name: manifest.databases[layer], description: `Datamaster ${layer} tables` } });
      // Created after the settings, so no database is born with IAMAllowedPrincipals' permissions.
      databases[layer].addResourceDependency(settings);
    }
    this.databases = databases;

    // The lake bucket as a Lake Formation data location: the engines that query through Lake Formation (Athena) get
    // its credentials scoped to the tables a principal may read. A role of its own, not the service-linked role,
    // which could not use the bucket's customer-managed key.
    const locationRole = new iam.Role(this, 'LakeLocationRole', {
      roleName: resourceName(deployment, 'lake-location'),
      assumedBy: new iam.ServicePrincipal('lakeformation.amazonaws.com'),
      description: 'Lake Formation: reads and writes the Datamaster lake bucket for the engines it vends credentials to',
    });
    // Built on the ARN as this stack imports it, so each wildcard's cdk-nag finding can be named (nag-findings.ts).
    const lakeArn = bucketArnSeenFrom(this, lakeBucket);
    const lakeObjects = `${lakeArn}/*`;
    locationRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [lakeObjects] }));
    locationRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [lakeArn] }));
    locationRole.addToPolicy(keyUse(lakeKey));
    acknowledgeWildcardResources(locationRole, [lakeObjects], 'Lake Formation vends credentials for any table of the lake bucket, so its location role reaches every object of that one bucket; each credential it vends is scoped to one table.');
    const location = new lakeformation.CfnResource(this, 'LakeLocation', { resourceArn: lakeBucket.bucketArn, useServiceLinkedRole: false, roleArn: locationRole.roleArn, hybridAccessEnabled: false });
    location.addResourceDependency(settings);

    const bronzeTables = new Map(tablesInLayer(manifest, 'bronze').map((table) => [table.ref, this.bronzeTable(table, databases.bronze, lakeRoot)]));
    const lakeTables = this.lakeTables(deployment, props, databases, location);

    // The manifest's principals: a role each, assumable by the account's IAM principals an administrator allows.
    this.principalRoles = new Map(
      manifest.principals.map((principal) => {
        const role = new iam.Role(this, `Principal-${principal.name}`, {
          roleName: resourceName(deployment, principal.name),
          assumedBy: new iam.AccountRootPrincipal(),
          description: `Datamaster lake principal "${principal.name}": what it may read is its Lake Formation grants from the manifest`,
        });
        const catalogArns = CATALOG_LAYERS.map((layer) => glueArns(this, manifest.databases[layer]));
        role.addToPolicy(
          new iam.PolicyStatement({
            actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
            resources: catalogArns.flatMap((arns) => Object.values(arns)),
          }),
        );
        // Lake Formation vends table credentials through this action, which has no resource-level permissions.
        role.addToPolicy(new iam.PolicyStatement({ actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
        acknowledgeWildcardResources(role, catalogArns.map((arns) => arns.tables), 'The tables of the lake databases, which come and go with the manifest; Lake Formation decides which of them the principal sees.');
        acknowledgeWildcardResources(role, ['*'], 'lakeformation:GetDataAccess has no resource-level permissions.');
        return [principal.name, role] as const;
      }),
    );

    // Every manifest grant, as the Lake Formation permissions that hold it, once the table it names exists.
    for (const grant of allGrants(manifest)) {
      for (const permission of grantPermissions(grant, this.account)) {
        const id = `Grant-${grant.principal}-${grant.tableRef}${permission.on === 'columns' ? '-columns' : ''}`;
        const declared = lakeFormationPermission(this, id, (this.principalRoles.get(grant.principal) as iam.Role).roleArn, permission.resource, permission.permissions);
        declared.node.addDependency(bronzeTables.get(grant.tableRef) ?? lakeTables);
      }
    }

    this.trail(deployment, lakeBucket, props.logsBucket);
  }

  /** A bronze table for Athena: its Parquet objects under bronze/<table>/, one partition per ingest day, projected (nothing to register). */
  private bronzeTable(table: LakeTable, database: glue.CfnDatabase, lakeRoot: string): glue.CfnTable {
    const prefix = `${lakeRoot}/${bronzeTablePrefix(table.name)}`;
    // The database's Ref is its name: CloudFormation creates the table after it.
    return new glue.CfnTable(this, `bronze-${table.name}`, {
      catalogId: this.account,
      databaseName: database.ref,
      tableInput: {
        name: table.name,
        description: table.description,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: BRONZE_PARTITION, type: 'date' }],
        parameters: {
          classification: 'parquet',
          'projection.enabled': 'true',
          [`projection.${BRONZE_PARTITION}.type`]: 'date',
          [`projection.${BRONZE_PARTITION}.format`]: 'yyyy-MM-dd',
          [`projection.${BRONZE_PARTITION}.range`]: '2000-01-01,NOW',
          [`projection.${BRONZE_PARTITION}.interval.unit`]: 'DAYS',
          'storage.location.template': `${prefix}${BRONZE_PARTITION}=\${${BRONZE_PARTITION}}/`,
        },
        storageDescriptor: { ...PARQUET, location: prefix, columns: table.columns.map((column) => ({ name: column.name, type: glueType(column.type), comment: column.description })) },
      },
    });
  }

  /**
   * The silver and gold Iceberg tables, brought to the manifest by LakeTables.ensure (the code every local command
   * runs as it opens the lake) from a custom resource backed by the processing-tasks bundle: Iceberg metadata (field
   * ids, partition specs, snapshots) is the lake's, so the tables are not CloudFormation resources, yet the grants
   * below need them to exist. It runs again when the manifest's tables change; it never drops a table.
   */
  private lakeTables(deployment: Deployment, props: CatalogStackProps, databases: Readonly<Record<CatalogLayer, glue.CfnDatabase>>, location: lakeformation.CfnResource): CustomResource {
    const manifest = lakeManifest();
    const role = new iam.Role(this, 'LakeTablesRole', {
      roleName: resourceName(deployment, 'lake-tables'),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Datamaster lake tables: creates and evolves the silver and gold Iceberg tables in Glue',
    });
    const everyDatabase = this.formatArn({ service: 'glue', resource: 'database', resourceName: '*' });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabases'], resources: [this.formatArn({ service: 'glue', resource: 'catalog' }), everyDatabase] }));
    const icebergGlue = ICEBERG_LAYERS.map((layer) => glueArns(this, manifest.databases[layer]));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable'], resources: icebergGlue.flatMap((arns) => Object.values(arns)) }));
    const tableObjects = ICEBERG_LAYERS.map((layer) => tableLocation(bucketArnSeenFrom(this, props.lakeBucket), layer, '*'));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: tableObjects }));
    role.addToPolicy(keyUse(props.lakeKey));
    acknowledgeWildcardResources(role, [everyDatabase], "Glue's GetDatabases lists the catalog's databases; Lake Formation shows the role only the lake's.");
    acknowledgeWildcardResources(role, icebergGlue.map((arns) => arns.tables), 'The tables of the silver and gold databases, which come and go with the manifest.');
    acknowledgeWildcardResources(role, tableObjects, 'Object ARNs narrow only by prefix: the silver and gold tables (silver/, gold/), as the contract layout names them.');
    const logGroup = namedLogGroup(this, 'LakeTablesLogs', `/aws/lambda/${resourceName(deployment, 'lake-tables')}`, deployment);
    logGroup.grantWrite(role);
    const handler = new lambda.Function(this, 'LakeTablesFunction', {
      functionName: resourceName(deployment, 'lake-tables'),
      description: 'Datamaster: brings the silver and gold Iceberg tables in Glue to the manifest (a CloudFormation custom resource)',
      code: appBundle('processing-tasks', 'lake-tables.mjs'),
      handler: 'lake-tables.handler',
      runtime: NODE_LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(5),
      role,
      logGroup,
      environment: { LAKE_URI: `s3://${props.lakeBucket.bucketName}` },
    });
    acknowledgeNodeRuntime(handler);
    // Its Lake Formation permissions: create tables in the silver and gold databases at the lake location, and evolve
    // them. They name the databases and the location by value, so their order is declared.
    const permissions: lakeformation.CfnPrincipalPermissions[] = [];
    for (const layer of ICEBERG_LAYERS) {
      const database = manifest.databases[layer];
      const create = lakeFormationPermission(this, `LakeTablesCreate-${layer}`, role.roleArn, databaseResource(this, database), ['CREATE_TABLE', 'DESCRIBE']);
      const evolve = lakeFormationPermission(this, `LakeTablesEvolve-${layer}`, role.roleArn, everyTableResource(this, database), ['ALTER', 'DESCRIBE']);
      for (const permission of [create, evolve]) permission.addResourceDependency(databases[layer]);
      permissions.push(create, evolve);
    }
    const onLocation = lakeFormationPermission(this, 'LakeTablesLocation', role.roleArn, dataLocationResource(this, props.lakeBucket.bucketArn), ['DATA_LOCATION_ACCESS']);
    onLocation.addResourceDependency(location);
    permissions.push(onLocation);
    const tables = icebergTables(manifest);
    const resource = new CustomResource(this, 'LakeTables', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::LakeTables',
      // A new digest (a table added, a column changed) is an update: the tables are brought to the manifest again.
      properties: { Tables: tables.map((t) => t.ref).join(','), ManifestDigest: createHash('sha256').update(JSON.stringify(tables)).digest('hex') },
      serviceTimeout: Duration.minutes(6),
    });
    for (const permission of permissions) resource.node.addDependency(permission);
    return resource;
  }

  /** Every API call in every region, and the lake bucket's object reads and writes, to the logs bucket, under a key of its own. */
  private trail(deployment: Deployment, lakeBucket: s3.IBucket, logsBucket: s3.IBucket): void {
    const trailName = resourceName(deployment, 'trail');
    const trailArn = this.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });
    const key = new kms.Key(this, 'TrailKey', {
      alias: `alias/${trailName}`,
      description: 'Datamaster CloudTrail log files',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cloudTrailService = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudTrailService],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': this.formatArn({ service: 'cloudtrail', region: '*', resource: 'trail', resourceName: '*' }) } },
      }),
    );
    key.addToResourcePolicy(new iam.PolicyStatement({ principals: [cloudTrailService], actions: ['kms:DescribeKey'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceArn': trailArn } } }));
    const trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: logsBucket,
      s3KeyPrefix: 'cloudtrail',
      encryptionKey: key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    trail.addS3EventSelector([{ bucket: lakeBucket }], { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false });
  }
}
