// Typed errors of the Iceberg layer. Messages name the offending values and what to do about them.

export class CommitConflictError extends Error {
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

export class CommitRetriesExhaustedError extends Error {
  constructor(
    readonly table: string,
    readonly attempts: number,
    override readonly cause: CommitConflictError,
  ) {
    super(`commit to ${table} still conflicted after ${attempts} attempts; last conflict: ${cause.message}. Retry later or raise maxAttempts`);
    this.name = 'CommitRetriesExhaustedError';
  }
}

export class NoSuchTableError extends Error {
  constructor(readonly table: string) {
    super(`table ${table} does not exist in the catalog; create it with createTable first`);
    this.name = 'NoSuchTableError';
  }
}

export class TableAlreadyExistsError extends Error {
  constructor(readonly table: string, readonly metadataLocation: string) {
    super(`table ${table} already exists (metadata ${metadataLocation}); load it with loadTable instead of creating it`);
    this.name = 'TableAlreadyExistsError';
  }
}

export class NoSuchNamespaceError extends Error {
  constructor(readonly namespace: string) {
    super(`namespace "${namespace}" does not exist in the catalog; create it with createNamespace first`);
    this.name = 'NoSuchNamespaceError';
  }
}

export class NamespaceAlreadyExistsError extends Error {
  constructor(readonly namespace: string) {
    super(`namespace "${namespace}" already exists in the catalog`);
    this.name = 'NamespaceAlreadyExistsError';
  }
}

export class SnapshotNotFoundError extends Error {
  constructor(readonly snapshotId: number, readonly known: readonly number[]) {
    super(`snapshot ${snapshotId} is not in the table metadata; known snapshots: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    this.name = 'SnapshotNotFoundError';
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

export class UnsupportedLocationError extends Error {
  constructor(readonly location: string) {
    super(`location ${location} is not supported by the local FileIO; use a file:// URI or an absolute path (s3:// comes later)`);
    this.name = 'UnsupportedLocationError';
  }
}
