// Compaction: each partition's small files rewritten into one file, committed as a `replace` snapshot
// (same rows, fewer files). The rewritten files stay for time travel until their snapshots expire.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IcebergTable } from '../catalog/table.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { replaceDataFiles, type DataFileRewrite } from '../ops/replace-data-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { compactionGroups } from './compaction-plan.js';
import { checkCount } from './options.js';
import { writeCompactedFile } from './write-compacted-file.js';

export interface CompactionOptions {
  /** Files this size or larger are left alone; default 128 MiB. */
  readonly targetFileSizeBytes?: number;
  /** A partition is compacted only with at least this many small files; default and minimum 2 (one file rewritten alone gains nothing). */
  readonly minInputFiles?: number;
}

export interface CompactionResult {
  readonly metadata: TableMetadata;
  /** Input files marked DELETED. */
  readonly rewritten: number;
  /** New files, one per compacted partition. */
  readonly added: number;
}

const DEFAULT_TARGET_FILE_SIZE_BYTES = 128 * 1024 * 1024;

/**
 * Writes the compacted files of `table` and returns the rewrites, without touching its metadata. With
 * replaceDataFiles a caller can re-apply the same rewrites after a commit conflict instead of rewriting.
 */
export async function writeCompactedFiles(table: IcebergTable, connection: DuckDBConnection, options: CompactionOptions = {}): Promise<DataFileRewrite[]> {
  const layout = { schema: currentSchema(table.metadata), spec: defaultSpec(table.metadata) };
  const rewrites: DataFileRewrite[] = [];
  for (const group of await groupsToCompact(table, options)) {
    rewrites.push({ replaced: group.files, added: [await writeCompactedFile(table, connection, layout, group)] });
  }
  return rewrites;
}

async function groupsToCompact(table: IcebergTable, options: CompactionOptions) {
  const limits = {
    targetFileSizeBytes: checkCount('targetFileSizeBytes', options.targetFileSizeBytes ?? DEFAULT_TARGET_FILE_SIZE_BYTES, 1),
    minInputFiles: checkCount('minInputFiles', options.minInputFiles ?? 2, 2),
  };
  const spec = defaultSpec(table.metadata);
  // Files of an older partition spec are left as they are: their rows belong to partitions of that spec.
  const files = (await currentDataFiles(table)).filter((f) => f.specId === spec['spec-id']);
  return compactionGroups(spec, files, limits);
}

/** What compactDataFiles would do, without writing anything: the files it would rewrite and the files it would add. */
export async function planCompaction(table: IcebergTable, options: CompactionOptions = {}): Promise<{ readonly rewritten: number; readonly added: number }> {
  const groups = await groupsToCompact(table, options);
  return { rewritten: groups.reduce((n, g) => n + g.files.length, 0), added: groups.length };
}

/** Stages the compaction of `table`; undefined when no partition needs it. The caller commits. */
export async function compactDataFiles(table: IcebergTable, connection: DuckDBConnection, options: CompactionOptions = {}): Promise<CompactionResult | undefined> {
  const result = await replaceDataFiles(table, await writeCompactedFiles(table, connection, options));
  return result === undefined ? undefined : { metadata: result.metadata, rewritten: result.rewritten, added: result.added };
}
