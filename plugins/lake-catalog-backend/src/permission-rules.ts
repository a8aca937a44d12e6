// lake.table.read as a resource permission: a policy can decide it per table, layer or owner with conditions,
// which the permission backend evaluates here against the manifest's tables.
import { createConditionExports, createPermissionResourceRef, createPermissionRule } from '@backstage/plugin-permission-node';
import type { LakeTable } from '@datamaster/lake-manifest';
import { LAKE_TABLE_RESOURCE_TYPE } from '@datamaster/plugin-lake-catalog-common';
import { z } from 'zod';

/** Conditions filter tables in memory: a query is a predicate on a manifest table. */
export type LakeTableQuery = (table: LakeTable) => boolean;

export const lakeTableResourceRef = createPermissionResourceRef<LakeTable, LakeTableQuery>().with({ pluginId: 'lake-catalog', resourceType: LAKE_TABLE_RESOURCE_TYPE });

const isInLayer = createPermissionRule({
  name: 'IS_IN_LAYER',
  description: 'Allow lake tables in one of the given layers (bronze, silver, gold)',
  resourceRef: lakeTableResourceRef,
  paramsSchema: z.object({ layers: z.array(z.string()).describe('layers, e.g. ["gold"]') }),
  apply: (table, { layers }) => layers.includes(table.layer),
  toQuery: ({ layers }) => (table: LakeTable) => layers.includes(table.layer),
});

const isOwnedBy = createPermissionRule({
  name: 'IS_OWNED_BY',
  description: 'Allow lake tables owned by one of the given groups (entity refs, e.g. group:default/analytics)',
  resourceRef: lakeTableResourceRef,
  paramsSchema: z.object({ owners: z.array(z.string()).describe('owner group refs') }),
  apply: (table, { owners }) => owners.includes(table.owner),
  toQuery: ({ owners }) => (table: LakeTable) => owners.includes(table.owner),
});

const isTable = createPermissionRule({
  name: 'IS_TABLE',
  description: 'Allow the given lake tables (table refs, e.g. silver.review)',
  resourceRef: lakeTableResourceRef,
  paramsSchema: z.object({ refs: z.array(z.string()).describe('table refs') }),
  apply: (table, { refs }) => refs.includes(table.ref),
  toQuery: ({ refs }) => (table: LakeTable) => refs.includes(table.ref),
});

export const lakeTablePermissionRules = { isInLayer, isOwnedBy, isTable };

/** For policy authors: `createLakeTableConditionalDecision(request.permission, lakeTableConditions.isInLayer({ layers: ['gold'] }))`. */
export const { conditions: lakeTableConditions, createConditionalDecision: createLakeTableConditionalDecision } = createConditionExports({
  resourceRef: lakeTableResourceRef,
  rules: lakeTablePermissionRules,
});
