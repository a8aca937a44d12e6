// Replace: files swapped for files holding the same rows (compaction), in one snapshot that changes no
// data. Applied to whatever table it is given, so after a commit conflict it can be re-applied to the
// reloaded table; a rewrite whose inputs are no longer all live there is skipped, never resurrected.
import type { IcebergTable } from '../catalog/table.js';
import { InvalidDataFileError, RecordCountChangedError } from '../errors.js';
import type { DataFile } from '../manifest/data-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { addedManifests, liveManifests, markDeleted } from './manifest-changes.js';
import { newSnapshotContext, stageSnapshot, type SnapshotOptions } from './snapshot-producer.js';

export interface DataFileRewrite {
  /** The live files replaced, matched by path. */
  readonly replaced: readonly DataFile[];
  /** The files that hold exactly their rows. */
  readonly added: readonly DataFile[];
}

export interface ReplaceResult {
  readonly metadata: TableMetadata;
  /** Files marked DELETED. */
  readonly rewritten: number;
  readonly added: number;
  /** Rewrites not staged because an input is no longer live in this table; their new files are orphans. */
  readonly skipped: readonly DataFileRewrite[];
}

/** Stages one `replace` snapshot of the applicable rewrites; undefined when none applies. */
export async function replaceDataFiles(table: IcebergTable, rewrites: readonly DataFileRewrite[], options: SnapshotOptions = {}): Promise<ReplaceResult | undefined> {
  const ctx = newSnapshotContext(table.metadata, options);
  checkNewFiles(ctx, rewrites.flatMap((r) => r.added));
  checkReplacedOnce(rewrites);
  const manifests = await liveManifests(table, ctx);
  const live = new Map(manifests.flatMap((m) => m.live).map((e) => [e.file.path, e.file]));
  const applied = rewrites.filter((r) => r.replaced.length > 0 && r.replaced.every((f) => live.has(f.path)));
  if (applied.length === 0) return undefined;
  for (const rewrite of applied) {
    // The manifests, not the caller's copies, say how many rows the replaced files hold.
    const before = sum(rewrite.replaced.map((f) => live.get(f.path)?.recordCount ?? 0));
    const after = sum(rewrite.added.map((f) => f.recordCount));
    if (before !== after) throw new RecordCountChangedError(rewrite.replaced.map((f) => f.path), before, after);
  }
  const doomed = new Set(applied.flatMap((r) => r.replaced.map((f) => f.path)));
  const changed = await markDeleted(table, ctx, manifests, (f) => doomed.has(f.path));
  const added = applied.flatMap((r) => r.added);
  const metadata = await stageSnapshot(table, ctx, [...(await addedManifests(table, ctx, added)), ...changed.manifests], {
    operation: 'replace',
    added,
    deleted: changed.deleted,
  });
  return { metadata, rewritten: changed.deleted.length, added: added.length, skipped: rewrites.filter((r) => !applied.includes(r)) };
}

function checkReplacedOnce(rewrites: readonly DataFileRewrite[]): void {
  const seen = new Set<string>();
  for (const file of rewrites.flatMap((r) => r.replaced)) {
    if (seen.has(file.path)) throw new InvalidDataFileError(file.path, 'it is replaced twice in the same commit');
    seen.add(file.path);
  }
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);
