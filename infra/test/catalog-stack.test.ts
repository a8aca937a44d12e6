import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BRONZE_PARTITION, BRONZE_PREFIX, icebergTables } from '@datamaster/lake-contract';
import { CATALOG_LAYERS, allGrants, glueType, lakeManifest, tablesInLayer, type LakeFormationGrant } from '@datamaster/lake-manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform } from '../src/app.js';
import { UnrepresentableGrantError, grantPermissions } from '../src/stacks/manifest-grants.js';
import { TEST_DEPLOYMENT, testApp, type CfnJson } from './synth.js';

type Resources = Record<string, { Type: string; Properties: CfnJson; DependsOn?: string[] }>;
let resources: Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const manifest = lakeManifest();
const CFN_EXEC_ROLE = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1' };

beforeAll(() => {
  resources = Template.fromStack(testApp().stacks.catalog).toJSON()['Resources'];
});

/** The manifest principal whose role a permission is granted to, if it is one. */
function principalOf(permission: CfnJson): string | undefined {
  const [roleId] = permission.Principal.DataLakePrincipalIdentifier['Fn::GetAtt'] ?? [];
  const roleName: unknown = resources[roleId]?.Properties.RoleName;
  return manifest.principals.map((p) => p.name).find((name) => roleName === `datamaster-test-${name}`);
}

describe('the catalog stack', () => {
  it('has a Glue database for each layer the manifest names, created after Lake Formation took over from IAM-only access', () => {
    const [settingsId, settings] = ofType('AWS::LakeFormation::DataLakeSettings')[0] ?? [];
    expect(settings?.Properties).toEqual({ Admins: [{ DataLakePrincipalIdentifier: CFN_EXEC_ROLE }], CreateDatabaseDefaultPermissions: [], CreateTableDefaultPermissions: [], MutationType: 'REPLACE' });
    const databases = ofType('AWS::Glue::Database');
    expect(databases.map(([, d]) => d.Properties.DatabaseInput.Name).sort()).toEqual(CATALOG_LAYERS.map((layer) => manifest.databases[layer]).sort());
    for (const [, database] of databases) expect(database.DependsOn).toContain(settingsId);
  });

  it('makes the context admin role a Lake Formation administrator too', () => {
    const admin = 'arn:aws:iam::123456789012:role/DataPlatformAdmin';
    const app = new App();
    const { catalog } = buildPlatform(app, { ...TEST_DEPLOYMENT, lakeFormationAdminRoleArn: admin });
    Template.fromStack(catalog).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', { Admins: [{ DataLakePrincipalIdentifier: CFN_EXEC_ROLE }, { DataLakePrincipalIdentifier: admin }] });
  });

  it('registers the lake bucket with Lake Formation through a role of its own', () => {
    const [, location] = ofType('AWS::LakeFormation::Resource')[0] ?? [];
    expect(location?.Properties).toMatchObject({ ResourceArn: { 'Fn::ImportValue': expect.stringMatching(/storage:.*Lake.*Arn/) }, UseServiceLinkedRole: false, HybridAccessEnabled: false });
    const [roleId] = location!.Properties.RoleArn['Fn::GetAtt'];
    expect(resources[roleId]?.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'lakeformation.amazonaws.com' } })]);
  });

  it('declares each bronze table of the manifest for Athena: its columns typed for Glue, its objects partitioned by ingest day', () => {
    const tables = ofType('AWS::Glue::Table').map(([, t]) => t.Properties.TableInput);
    const bronze = tablesInLayer(manifest, 'bronze');
    expect(tables.map((t) => t.Name)).toEqual(bronze.map((t) => t.name));
    for (const table of bronze) {
      const input = tables.find((t) => t.Name === table.name);
      expect(input.StorageDescriptor.Columns).toEqual(table.columns.map((c) => ({ Name: c.name, Type: glueType(c.type), Comment: c.description })));
      expect(input.PartitionKeys).toEqual([{ Name: BRONZE_PARTITION, Type: 'date' }]);
      expect(JSON.stringify(input.StorageDescriptor.Location)).toContain(`/${BRONZE_PREFIX}${table.name}/`);
      expect(input.Parameters['projection.enabled']).toBe('true');
    }
  });

  it('brings the silver and gold tables to the manifest with the processing-tasks bundle, once it may create them', () => {
    const [customId, custom] = ofType('Custom::LakeTables')[0] ?? [];
    expect(custom?.Properties.Tables).toBe(icebergTables(manifest).map((t) => t.ref).join(','));
    const [functionId] = custom!.Properties.ServiceToken['Fn::GetAtt'];
    expect(resources[functionId]?.Properties).toMatchObject({ Handler: 'lake-tables.handler', Environment: { Variables: { LAKE_URI: expect.anything() } } });
    const prerequisites = (custom?.DependsOn ?? []).map((id) => resources[id]?.Properties).filter((p) => p?.Permissions !== undefined);
    expect(prerequisites.map((p) => p.Permissions)).toEqual(expect.arrayContaining([['CREATE_TABLE', 'DESCRIBE'], ['ALTER', 'DESCRIBE'], ['DATA_LOCATION_ACCESS']]));
    expect(customId).toBeDefined();
  });

  it('turns every manifest grant into the Lake Formation permissions that hold it, and nothing else for the principals', () => {
    const grants = allGrants(manifest);
    const declared = ofType('AWS::LakeFormation::PrincipalPermissions').filter(([, p]) => principalOf(p.Properties) !== undefined);
    // A grant that leaves columns out is two: SELECT on the other columns, DESCRIBE on the table.
    expect(declared).toHaveLength(grants.length + grants.filter((g) => g.excludedColumns.length > 0).length);
    const folded = new Map<string, { permissions: Set<string>; excluded: Set<string>; resources: number }>();
    for (const [, { Properties, DependsOn }] of declared) {
      const table = Properties.Resource.Table ?? Properties.Resource.TableWithColumns;
      const key = `${principalOf(Properties)} ${table.DatabaseName}.${table.Name}`;
      const entry = folded.get(key) ?? { permissions: new Set(), excluded: new Set(), resources: 0 };
      Properties.Permissions.forEach((p: string) => entry.permissions.add(p));
      (Properties.Resource.TableWithColumns?.ColumnWildcard.ExcludedColumnNames ?? []).forEach((c: string) => entry.excluded.add(c));
      folded.set(key, { ...entry, resources: entry.resources + 1 });
      // Declared once its table exists: a bronze table of this stack, or the silver and gold tables' resource.
      expect(DependsOn).toHaveLength(1);
    }
    expect(folded.size).toBe(grants.length);
    for (const grant of grants) {
      const entry = folded.get(`${grant.principal} ${grant.database}.${grant.table}`);
      expect(entry, `${grant.principal} ${grant.tableRef}`).toBeDefined();
      expect([...(entry?.permissions ?? [])].sort()).toEqual([...grant.permissions].sort());
      expect([...(entry?.excluded ?? [])].sort()).toEqual([...grant.excludedColumns].sort());
    }
  });

  it('gives each manifest principal a role the account can assume', () => {
    for (const principal of manifest.principals) {
      const [, role] = ofType('AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === `datamaster-test-${principal.name}`) ?? [];
      expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } } })]);
    }
  });

  it('keeps a multi-region trail, validated and encrypted with a key of its own, with the lake bucket data events', () => {
    const [, trail] = ofType('AWS::CloudTrail::Trail')[0] ?? [];
    expect(trail?.Properties).toMatchObject({
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      S3BucketName: { 'Fn::ImportValue': expect.stringMatching(/storage:.*Logs/) },
      KMSKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^TrailKey/), 'Arn'] },
    });
    expect(trail?.Properties.EventSelectors).toContainEqual({
      DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringMatching(/storage:.*Lake.*Arn/) }, '/']] }] }],
      IncludeManagementEvents: false,
      ReadWriteType: 'All',
    });
    const [, key] = ofType('AWS::KMS::Key')[0] ?? [];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*' }));
  });
});

describe('a manifest grant as Lake Formation permissions', () => {
  const grant = (permissions: LakeFormationGrant['permissions'], excludedColumns: string[]): LakeFormationGrant => ({ principal: 'analyst', database: 'dm_silver', table: 'profile', tableRef: 'silver.profile', permissions, excludedColumns });

  it('is one table permission when it leaves no column out', () => {
    expect(grantPermissions(grant(['ALL'], []), '1')).toEqual([{ on: 'table', resource: { table: { catalogId: '1', databaseName: 'dm_silver', name: 'profile' } }, permissions: ['ALL'] }]);
  });

  it('is SELECT on the other columns plus the rest on the table when it leaves columns out, since Lake Formation filters columns for SELECT only', () => {
    expect(grantPermissions(grant(['SELECT', 'DESCRIBE'], ['email']), '1')).toEqual([
      { on: 'columns', resource: { tableWithColumns: { catalogId: '1', databaseName: 'dm_silver', name: 'profile', columnWildcard: { excludedColumnNames: ['email'] } } }, permissions: ['SELECT'] },
      { on: 'table', resource: { table: { catalogId: '1', databaseName: 'dm_silver', name: 'profile' } }, permissions: ['DESCRIBE'] },
    ]);
    expect(grantPermissions(grant(['SELECT'], ['email']), '1')).toHaveLength(1);
  });

  it('cannot be ALL with columns left out', () => {
    expect(() => grantPermissions(grant(['ALL'], ['email']), '1')).toThrow(UnrepresentableGrantError);
    expect(() => grantPermissions(grant(['ALL'], ['email']), '1')).toThrow(/ALL on silver.profile to "analyst".*excluded columns email/);
  });
});
