// The lake manifest as catalog entities: the lake is a System, its domains are Domains, every table a
// Resource (lake tables of type lake-table, the OLTP tables they come from of type source-table) with its
// upstream tables as dependsOn, so the standard catalog graph draws the lineage. Owner Groups are added
// only for the owners the rest of the catalog does not already provide.
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, ANNOTATION_VIEW_URL, type Entity } from '@backstage/catalog-model';
import { isCatalogTable, piiColumns, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import {
  LAKE_ANNOTATIONS,
  LAKE_DOMAIN_LABEL,
  LAKE_TABLE_TYPE,
  SOURCE_TABLE_TYPE,
  lakeTableEntityRef,
} from '@datamaster/plugin-lake-catalog-common';

export interface LakeEntityOptions {
  /** The location every entity is managed by, e.g. "url:https://github.com/acme/lake/tree/main/libs/lake-manifest". */
  readonly location: string;
  /** Where a browser can open a manifest file: the manifest root's URL; absent for a local folder. */
  readonly viewUrlBase?: string;
  /** Owner group refs to emit Group entities for: those no other source provides. */
  readonly missingGroups: readonly string[];
}

const API_VERSION = 'backstage.io/v1alpha1';

function groupName(ownerRef: string): { namespace: string; name: string } {
  const [, namespace = 'default', name = ownerRef] = /^group:([^/]+)\/(.+)$/.exec(ownerRef) ?? [];
  return { namespace, name };
}

function managed(options: LakeEntityOptions, annotations: Record<string, string> = {}): Record<string, string> {
  return { [ANNOTATION_LOCATION]: options.location, [ANNOTATION_ORIGIN_LOCATION]: options.location, ...annotations };
}

function tableAnnotations(manifest: LakeManifest, table: LakeTable, options: LakeEntityOptions): Record<string, string> {
  const annotations: Record<string, string> = {
    [LAKE_ANNOTATIONS.table]: table.ref,
    [LAKE_ANNOTATIONS.layer]: table.layer,
    [LAKE_ANNOTATIONS.partitioning]: table.partitionBy.map((p) => p.column).join(','),
  };
  if (isCatalogTable(table)) annotations[LAKE_ANNOTATIONS.catalogTable] = `${manifest.databases[table.layer]}.${table.name}`;
  if (table.freshness !== undefined) annotations[LAKE_ANNOTATIONS.freshness] = table.freshness;
  if (table.source !== undefined) annotations[LAKE_ANNOTATIONS.sourceTable] = `${table.source.schema}.${table.source.table}`;
  if (options.viewUrlBase !== undefined) annotations[ANNOTATION_VIEW_URL] = `${options.viewUrlBase.replace(/\/$/, '')}/${table.file}`;
  return managed(options, annotations);
}

function tableEntity(manifest: LakeManifest, table: LakeTable, options: LakeEntityOptions): Entity {
  const hasPii = piiColumns(table).length > 0;
  return {
    apiVersion: API_VERSION,
    kind: 'Resource',
    metadata: {
      name: table.ref,
      title: table.ref,
      description: table.description,
      tags: [table.layer, table.domain.replace(/_/g, '-'), ...(hasPii ? ['pii'] : [])],
      labels: { [LAKE_DOMAIN_LABEL]: table.domain },
      annotations: tableAnnotations(manifest, table, options),
    },
    spec: {
      type: isCatalogTable(table) ? LAKE_TABLE_TYPE : SOURCE_TABLE_TYPE,
      owner: table.owner,
      system: manifest.name,
      dependsOn: table.upstream.map(lakeTableEntityRef),
    },
  };
}

function systemEntity(manifest: LakeManifest, options: LakeEntityOptions): Entity {
  const lakeTables = manifest.tables.filter(isCatalogTable).length;
  return {
    apiVersion: API_VERSION,
    kind: 'System',
    metadata: {
      name: manifest.name,
      title: `${manifest.name} lake`,
      description: `The ${manifest.name} lakehouse: ${lakeTables} tables in bronze, silver and gold, declared in its lake manifest.`,
      annotations: managed(options),
    },
    spec: { owner: manifest.owner },
  };
}

function domainEntity(manifest: LakeManifest, domain: string, options: LakeEntityOptions): Entity {
  const tables = manifest.tables.filter((t) => t.domain === domain && isCatalogTable(t)).map((t) => t.ref);
  return {
    apiVersion: API_VERSION,
    kind: 'Domain',
    metadata: {
      name: domain.replace(/_/g, '-'),
      title: domain,
      description: `Lake domain ${domain}: ${tables.join(', ')}.`,
      annotations: managed(options),
    },
    spec: { owner: manifest.owner },
  };
}

function groupEntity(ownerRef: string, options: LakeEntityOptions): Entity {
  const { namespace, name } = groupName(ownerRef);
  return {
    apiVersion: API_VERSION,
    kind: 'Group',
    metadata: { name, namespace, description: `Owns tables of the lake manifest (added by the lake catalog because no other source declares it).`, annotations: managed(options) },
    spec: { type: 'team', children: [] },
  };
}

/** Every owner group the manifest names: the lake's and each table's, sorted. */
export function ownerGroups(manifest: LakeManifest): string[] {
  return [...new Set([manifest.owner, ...manifest.tables.map((t) => t.owner)])].sort();
}

/** The catalog entities of a lake manifest, in a stable order. */
export function lakeEntities(manifest: LakeManifest, options: LakeEntityOptions): Entity[] {
  const domains = [...new Set(manifest.tables.map((t) => t.domain))].sort();
  return [
    systemEntity(manifest, options),
    ...domains.map((domain) => domainEntity(manifest, domain, options)),
    ...manifest.tables.map((table) => tableEntity(manifest, table, options)),
    ...options.missingGroups.map((owner) => groupEntity(owner, options)),
  ];
}
