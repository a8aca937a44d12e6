// Turns the pgoutput message stream into whole transactions of DMS records, checking every relation
// against the lake manifest.
import type { DmsDataRecord } from '@datamaster/cdc';
import type { Pgoutput } from 'pg-logical-replication';
import { isoMicros } from './dms-values.js';
import { changeRecord, rowConverter, type DmsRow, type TextRow } from './dms-records.js';
import { ReplicationStreamError, SourceSchemaDriftError, UnknownSourceTableError } from './errors.js';
import { normalizeLsn } from './lsn.js';
import { columnProblems } from './schema-drift.js';
import type { SourceTable } from './source-tables.js';

/** A TRUNCATE: DMS has no record for it, so the source reports it beside the records. */
export interface TruncateEvent {
  readonly operation: 'truncate';
  /** schema.table of every truncated table. */
  readonly tables: readonly string[];
  readonly cascade: boolean;
  readonly restartIdentity: boolean;
  readonly transactionId: number;
  readonly commitTimestamp: string;
  readonly streamPosition: string;
}

export interface DecodedTransaction {
  readonly transactionId: number;
  /** LSN of the transaction's commit record: its place in the stream, and what the position store keeps. */
  readonly commitLsn: string;
  readonly records: DmsDataRecord[];
  readonly truncates: TruncateEvent[];
}

interface OpenTransaction extends DecodedTransaction {
  readonly commitTimestamp: string;
}

interface KnownRelation {
  readonly source: SourceTable;
  readonly toData: (row: TextRow) => DmsRow;
}

export class TransactionDecoder {
  private readonly relations = new Map<number, KnownRelation>();
  private open: OpenTransaction | undefined;
  private previousTransactionId: number | undefined;

  constructor(
    private readonly tables: readonly SourceTable[],
    private readonly publication: string,
  ) {}

  /** A transaction has begun and not yet committed. */
  get inTransaction(): boolean {
    return this.open !== undefined;
  }

  /** Feeds one message in stream order; returns the transaction once its commit has arrived. */
  push(lsn: string, message: Pgoutput.Message): DecodedTransaction | undefined {
    switch (message.tag) {
      case 'begin':
        if (this.open) throw new ReplicationStreamError(`BEGIN of transaction ${message.xid >>> 0} inside transaction ${this.open.transactionId}`);
        this.open = {
          transactionId: message.xid >>> 0, // the parser reads the unsigned xid as a signed 32-bit integer
          commitLsn: normalizeLsn(String(message.commitLsn)),
          commitTimestamp: isoMicros(message.commitTime.valueOf()),
          records: [],
          truncates: [],
        };
        return undefined;
      case 'relation':
        this.relations.set(message.relationOid, this.resolve(message));
        return undefined;
      case 'insert':
        return this.change(lsn, message.relation, 'insert', message.new);
      case 'update':
        return this.change(lsn, message.relation, 'update', message.new);
      case 'delete':
        // With the default replica identity PostgreSQL sends the primary key only; with FULL, the old row.
        return this.change(lsn, message.relation, 'delete', message.key ?? message.old ?? {});
      case 'truncate': {
        const open = this.openTransaction('TRUNCATE');
        const tables = message.relations.map((relation) => this.known(relation).source).map((s) => `${s.schema}.${s.name}`);
        open.truncates.push({
          operation: 'truncate',
          tables,
          cascade: message.cascade,
          restartIdentity: message.restartIdentity,
          transactionId: open.transactionId,
          commitTimestamp: open.commitTimestamp,
          streamPosition: normalizeLsn(lsn),
        });
        return undefined;
      }
      case 'commit': {
        const { commitTimestamp: _, ...done } = this.openTransaction('COMMIT');
        this.open = undefined;
        this.previousTransactionId = done.transactionId;
        return done;
      }
      // Values arrive as text and are typed from the manifest, so type announcements change nothing;
      // origins only matter to bidirectional replication; logical messages are not requested.
      case 'type':
      case 'origin':
      case 'message':
        return undefined;
    }
  }

  private change(lsn: string, relation: Pgoutput.MessageRelation, operation: 'insert' | 'update' | 'delete', row: TextRow): undefined {
    const open = this.openTransaction(operation.toUpperCase());
    const { source, toData } = this.known(relation);
    open.records.push(
      changeRecord(source, operation, toData(row), {
        transactionId: open.transactionId,
        commitTimestamp: open.commitTimestamp,
        streamPosition: normalizeLsn(lsn),
        transactionRecordId: open.records.length,
        prevTransactionId: this.previousTransactionId,
      }),
    );
    return undefined;
  }

  private openTransaction(what: string): OpenTransaction {
    if (!this.open) throw new ReplicationStreamError(`${what} arrived outside a transaction`);
    return this.open;
  }

  private known(relation: Pgoutput.MessageRelation): KnownRelation {
    return this.relations.get(relation.relationOid) ?? this.resolve(relation);
  }

  /** The manifest table behind a relation; an unknown table or a column mismatch stops the stream. */
  private resolve(relation: Pgoutput.MessageRelation): KnownRelation {
    const source = this.tables.find((t) => t.schema === relation.schema && t.name === relation.name);
    if (!source) {
      const known = this.tables.map((t) => `${t.schema}.${t.name}`);
      throw new UnknownSourceTableError(`${relation.schema}.${relation.name}`, known, this.publication);
    }
    const names = (columns: readonly { name: string }[]) => columns.map(({ name }) => ({ name }));
    const problems = columnProblems(names(source.table.columns), names(relation.columns));
    if (problems.length > 0) throw new SourceSchemaDriftError(`${relation.schema}.${relation.name}`, problems);
    return { source, toData: rowConverter(source) };
  }
}
