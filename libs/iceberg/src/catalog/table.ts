// A loaded table: where its current metadata is, the metadata itself, and the FileIO to reach its files.
import type { FileIO } from '../io/file-io.js';
import type { TableMetadata } from '../metadata/table-metadata.js';

export interface TableIdentifier {
  /** Dot-separated namespace, as the SqlCatalog layout stores it (e.g. "silver"). */
  readonly namespace: string;
  readonly name: string;
}

export interface IcebergTable {
  readonly identifier: TableIdentifier;
  readonly metadataLocation: string;
  readonly metadata: TableMetadata;
  readonly io: FileIO;
}

export function tableName(identifier: TableIdentifier): string {
  return `${identifier.namespace}.${identifier.name}`;
}
