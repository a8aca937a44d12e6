// What DMS replicates: one selection rule per source table of the lake manifest, at the OLTP schema and table the
// manifest names, so adding a source table to the manifest adds it to the replication (nothing lists tables here).
import { tablesInLayer, type LakeManifest } from '@datamaster/lake-manifest';

export interface DmsSelectionRule {
  readonly 'rule-type': 'selection';
  readonly 'rule-id': string;
  readonly 'rule-name': string;
  readonly 'object-locator': { readonly 'schema-name': string; readonly 'table-name': string };
  readonly 'rule-action': 'include';
}

/**
 * DMS table mappings for the manifest's source tables. No object-mapping rule: DMS then keys each Kinesis record by
 * the row's primary key (prefixed with schema.table, see the target endpoint), so every change of a row lands on the
 * same shard, in commit order.
 */
export function cdcTableMappings(manifest: LakeManifest): { readonly rules: readonly DmsSelectionRule[] } {
  // The manifest schema requires `source` on source tables; the guard only narrows the type.
  const sources = tablesInLayer(manifest, 'source').flatMap((table) => (table.source ? [{ name: table.name, ...table.source }] : []));
  return {
    rules: sources.map((source, index) => ({
      'rule-type': 'selection',
      'rule-id': String(index + 1),
      'rule-name': `include-${source.name}`,
      'object-locator': { 'schema-name': source.schema, 'table-name': source.table },
      'rule-action': 'include',
    })),
  };
}
