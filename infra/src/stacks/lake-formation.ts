// What the catalog and processing stacks both declare about the Glue Data Catalog: Lake Formation permissions
// (AWS::LakeFormation::PrincipalPermissions) and the Glue ARNs IAM policies name.
import type { Stack } from 'aws-cdk-lib';
import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import type { Construct } from 'constructs';

export type LakeFormationResource = lakeformation.CfnPrincipalPermissions.ResourceProperty;

/** One Lake Formation permission of one IAM principal, without grant option (only administrators grant). */
export function lakeFormationPermission(scope: Construct, id: string, principalArn: string, resource: LakeFormationResource, permissions: readonly string[]): lakeformation.CfnPrincipalPermissions {
  return new lakeformation.CfnPrincipalPermissions(scope, id, {
    principal: { dataLakePrincipalIdentifier: principalArn },
    resource,
    permissions: [...permissions],
    permissionsWithGrantOption: [],
  });
}

export const databaseResource = (stack: Stack, database: string): LakeFormationResource => ({ database: { catalogId: stack.account, name: database } });

/** Every table of a database, present and future: what the platform's own roles get, so tables come and go with the manifest. */
export const everyTableResource = (stack: Stack, database: string): LakeFormationResource => ({ table: { catalogId: stack.account, databaseName: database, tableWildcard: {} } });

export const dataLocationResource = (stack: Stack, resourceArn: string): LakeFormationResource => ({ dataLocation: { catalogId: stack.account, resourceArn } });

/** The Glue ARNs of a database of the lake: the catalog, the database, and its tables. */
export function glueArns(stack: Stack, database: string): { catalog: string; database: string; tables: string } {
  return {
    catalog: stack.formatArn({ service: 'glue', resource: 'catalog' }),
    database: stack.formatArn({ service: 'glue', resource: 'database', resourceName: database }),
    tables: stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${database}/*` }),
  };
}
