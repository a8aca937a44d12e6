// Typed errors of the Iceberg layer. Messages name the offending values and what to do about them.
import type { SnapshotId } from './metadata/snapshot-id.js';
import { ConflictError, InvalidInputError, NotFoundError } from '@datamaster/lake-manifest';
import { PROMOTION_RULE } from '@datamaster/lake-contract';

export class CommitConflictError extends ConflictError {
  constructor(
    readonly table: string,
    readonly expectedMetadataLocation: string,
    readonly actualMetadataLocation: string | undefined,
  ) {
    super(
      `commit to ${table} conflicted: expected current metadata ${expectedMetadataLocation} but the catalog has ` +
        `${actualMetadataLocation ?? '(no table)'}; reload the table and re-apply the change (commitWithRetry does this)`,
    );
    this.name = 'CommitConflictError';
  }
}

export class CommitRetriesExhaustedError extends ConflictError {
  constructor(
    readonly table: string,
    readonly attempts: number,
    override readonly cause: CommitConflictError,
  ) {
    super(`commit to ${table} still conflicted after ${attempts} attempts; last conflict: ${cause.message}. Retry later or raise maxAttempts`);
    this.name = 'CommitRetriesExhaustedError';
  }
}

export class NoSuchTableError extends NotFoundError {
  constructor(readonly table: string) {
    super(`table ${table} does not exist in the catalog; create it with createTable first`);
    this.name = 'NoSuchTableError';
  }
}

export class TableAlreadyExistsError extends ConflictError {
  constructor(readonly table: string, readonly metadataLocation: string) {
    super(`table ${table} already exists (metadata ${metadataLocation}); load it with loadTable instead of creating it`);
    this.name = 'TableAlreadyExistsError';
  }
}

export class NoSuchNamespaceError extends NotFoundError {
  constructor(readonly namespace: string) {
    super(`namespace "${namespace}" does not exist in the catalog; create it with createNamespace first`);
    this.name = 'NoSuchNamespaceError';
  }
}

export class NamespaceAlreadyExistsError extends ConflictError {
  constructor(readonly namespace: string) {
    super(`namespace "${namespace}" already exists in the catalog`);
    this.name = 'NamespaceAlreadyExistsError';
  }
}

export class SnapshotNotFoundError extends NotFoundError {
  constructor(readonly snapshotId: SnapshotId, readonly known: readonly SnapshotId[]) {
    super(`snapshot ${snapshotId} is not in the table metadata; known snapshots: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    this.name = 'SnapshotNotFoundError';
  }
}

export class InvalidSnapshotIdError extends InvalidInputError {
  constructor(readonly value: string, readonly reason: string) {
    super(`"${value}" cannot be a snapshot id: ${reason}; snapshot ids are decimal longs (at most 9223372036854775807), as the table metadata lists them`);
    this.name = 'InvalidSnapshotIdError';
  }
}

/** A long this library holds as a JavaScript number (everything but snapshot ids) that a number cannot hold exactly. */
export class UnsafeLongError extends Error {
  constructor(readonly location: string, readonly field: string, readonly value: string) {
    super(
      `${field} in ${location} is ${value}, beyond the integers a JavaScript number holds exactly (±${Number.MAX_SAFE_INTEGER}); ` +
        'only snapshot ids may be that large here, so nothing was read: check the writer of this file',
    );
    this.name = 'UnsafeLongError';
  }
}

export class AvroFileError extends Error {
  constructor(readonly location: string, readonly action: 'read' | 'written', readonly reason: string) {
    super(`Avro file ${location} cannot be ${action}: ${reason}`);
    this.name = 'AvroFileError';
  }
}

export class InvalidDataFileError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`data file ${path} cannot be committed: ${reason}`);
    this.name = 'InvalidDataFileError';
  }
}

export class InvalidMetadataError extends Error {
  constructor(readonly location: string, readonly reason: string) {
    super(`Iceberg metadata ${location} is invalid: ${reason}`);
    this.name = 'InvalidMetadataError';
  }
}

export class RecordCountChangedError extends Error {
  constructor(readonly replaced: readonly string[], readonly before: number, readonly after: number) {
    super(
      `replacing ${replaced.join(', ')} would change the record count from ${before} to ${after}; a replace (e.g. compaction) ` +
        'must keep the rows unchanged, so nothing was staged. Check that those files hold the record counts their manifests state',
    );
    this.name = 'RecordCountChangedError';
  }
}

export class InvalidMaintenanceOptionError extends InvalidInputError {
  constructor(readonly option: string, readonly value: unknown, readonly expected: string) {
    super(`maintenance option ${option} is ${String(value)}; expected ${expected}`);
    this.name = 'InvalidMaintenanceOptionError';
  }
}

export class UnsupportedLocationError extends InvalidInputError {
  constructor(
    readonly location: string,
    readonly fileIO = 'the local FileIO',
    readonly accepted = 'a file:// URI or an absolute path',
  ) {
    super(`location ${location} is not supported by ${fileIO}; use ${accepted}`);
    this.name = 'UnsupportedLocationError';
  }
}

export class NotAnIcebergTableError extends InvalidInputError {
  constructor(readonly table: string, readonly reason: string) {
    super(`Glue table ${table} is not an Iceberg table: ${reason}; choose another name, or open it with the engine that created it`);
    this.name = 'NotAnIcebergTableError';
  }
}

export class InvalidGlueNameError extends InvalidInputError {
  constructor(readonly nameOf: 'database' | 'table', readonly glueName: string, readonly maxLength: number) {
    super(
      `"${glueName}" cannot be a Glue ${nameOf} name: Glue and Athena accept 1 to ${maxLength} lowercase letters, digits and underscores; ` +
        `rename the ${nameOf === 'database' ? 'namespace' : 'table'}`,
    );
    this.name = 'InvalidGlueNameError';
  }
}

/** A schema or partition spec change the table cannot take as asked; the message names the column and the fix. */
export class InvalidSchemaChangeError extends InvalidInputError {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly reason: string,
  ) {
    super(`cannot change "${column}" of ${table}: ${reason}`);
    this.name = 'InvalidSchemaChangeError';
  }
}

export class IncompatibleTypeChangeError extends InvalidInputError {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(
      `column "${column}" of ${table} cannot change from ${from} to ${to}: ${PROMOTION_RULE}, because old data files keep ` +
        'the old type; any other change means rewriting the table (a migration)',
    );
    this.name = 'IncompatibleTypeChangeError';
  }
}

/** A schema or spec change built on metadata another change has since moved on from; retrying it would undo that one. */
export class TableRequirementFailedError extends ConflictError {
  constructor(
    readonly table: string,
    readonly requirement: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `the change to ${table} requires ${requirement} ${expected}, but the table has ${actual}: another schema or partition change ` +
        'was committed first; reload the table and build the change again on its current schema',
    );
    this.name = 'TableRequirementFailedError';
  }
}

export class UnreadableColumnTypeError extends InvalidInputError {
  constructor(
    readonly column: string,
    readonly type: string,
    readonly readable: readonly string[],
  ) {
    super(`column "${column}" has type ${type}, which the embedded engine does not read; it reads ${readable.join(', ')}`);
    this.name = 'UnreadableColumnTypeError';
  }
}

/** The lake manifest declares a table in a way its existing Iceberg table cannot follow without rewriting. */
export class MigrationRequiredError extends InvalidInputError {
  constructor(
    readonly table: string,
    readonly manifestFile: string,
    readonly differences: readonly string[],
  ) {
    super(
      `${table} cannot follow the lake manifest (${manifestFile}) by itself: ${differences.join('; ')}. New nullable ` +
        'columns, renames, safe type promotions, columns made nullable, descriptions and order follow by themselves; ' +
        'these changes need `datamaster apply`, which rebuilds a derived table under its new declaration (a breaking change once ' +
        'the table declares a migration for it), or else revert them in the manifest; `datamaster plan` lists them',
    );
    this.name = 'MigrationRequiredError';
  }
}
