/** A PostgreSQL table in the replication stream that the lake manifest does not declare as a source. */
export class UnknownSourceTableError extends Error {
  override readonly name = 'UnknownSourceTableError';
  constructor(
    readonly table: string,
    readonly known: readonly string[],
    publication: string,
  ) {
    super(
      `The replication stream carries ${table}, which is not a source table of the lake manifest (known: ${known.join(', ')}). ` +
        `Declare it in libs/lake-manifest/tables/sources/, or remove it from publication ${publication} ` +
        `(ALTER PUBLICATION ${publication} DROP TABLE ${table}).`,
    );
  }
}

/**
 * The columns PostgreSQL has for a source table differ from the manifest's: found by migrate in the catalog, or by
 * the CDC source in the replication stream, which stops there after recording the change as DMS control records.
 */
export class SourceSchemaDriftError extends Error {
  override readonly name = 'SourceSchemaDriftError';
  constructor(
    readonly table: string,
    readonly problems: readonly string[],
    readonly foundBy: 'migrate' | 'stream' = 'migrate',
  ) {
    super(
      `PostgreSQL table ${table} does not match the lake manifest: ${problems.join('; ')}. ` +
        (foundBy === 'migrate'
          ? 'migrate never alters an existing table: change the table (ALTER TABLE) or the manifest so that they agree.'
          : 'The stream stopped before the first change in that shape, so none is lost, and delivered the schema change as DMS control records ' +
            '(the lake keeps them under raw/_control/): run `datamaster plan` to see the manifest change it calls for, make it, then start the stream again.'),
    );
  }
}

/** The publication CDC reads does not exist in the database. */
export class PublicationMissingError extends Error {
  override readonly name = 'PublicationMissingError';
  constructor(readonly publication: string) {
    super(`Publication ${publication} does not exist in the source database. Run migrate (datamaster migrate --db …) first; it creates it.`);
  }
}

/** The replication slot exists but cannot be used by this source. */
export class ReplicationSlotError extends Error {
  override readonly name = 'ReplicationSlotError';
  constructor(
    readonly slot: string,
    detail: string,
  ) {
    super(`Replication slot ${slot} cannot be used: ${detail}`);
  }
}

/**
 * A position was saved, but the slot it belongs to is gone (dropped, or another database): the changes
 * between the two may be lost, so the source refuses to guess.
 */
export class ReplicationSlotLostError extends Error {
  override readonly name = 'ReplicationSlotLostError';
  constructor(
    readonly slot: string,
    readonly position: string,
  ) {
    super(
      `Replication slot ${slot} did not exist, but a position (${position}) was saved for it: changes after that position ` +
        'may have been lost with the old slot. A new slot was created; clear the position store (delete its file) ' +
        'to run a fresh full load that brings the lake back in step, then start again.',
    );
  }
}

/** A saved or given log position is not a PostgreSQL LSN ("X/Y", hexadecimal). */
export class InvalidLsnError extends Error {
  override readonly name = 'InvalidLsnError';
  constructor(readonly value: unknown) {
    super(`${JSON.stringify(value)} is not a PostgreSQL LSN: expected two hexadecimal numbers separated by "/", e.g. "0/16B3748".`);
  }
}

/** The position file cannot be read as a saved position. */
export class InvalidPositionFileError extends Error {
  override readonly name = 'InvalidPositionFileError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The CDC position file ${path} is invalid: ${reason}. Restore it, or delete it to start over with a full load ` +
        '(the replication slot keeps the changes, and silver ignores the repeated rows).',
      options,
    );
  }
}

/** A seed extract could not be loaded; nothing of that table was committed. */
export class SeedLoadError extends Error {
  override readonly name = 'SeedLoadError';
  constructor(
    readonly path: string,
    readonly table: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Loading ${path} into ${table} failed, and nothing of it was committed: ${reason}`, options);
  }
}

/** start() or stop() called out of order. */
export class CdcSourceStateError extends Error {
  override readonly name = 'CdcSourceStateError';
}

/** The replication stream broke off or carried messages out of the protocol's order. */
export class ReplicationStreamError extends Error {
  override readonly name = 'ReplicationStreamError';
}
