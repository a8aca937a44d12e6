// Turns the pgoutput message stream into whole transactions of DMS records, checking every relation
// against the lake manifest: names and type OIDs, as the relation message carries them.
import type { DmsDataRecord } from '@datamaster/cdc';
import type { Pgoutput } from 'pg-logical-replication';
import { isoMicros } from './dms-values.js';
import { changeRecord, rowConverter, type DmsRow, type TextRow } from './dms-records.js';
import { ReplicationStreamError, UnknownSourceTableError } from './errors.js';
import { normalizeLsn } from './lsn.js';
import { RelationShapeChange } from './schema-change.js';
import type { SourceShape } from './source-shapes.js';
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
    private readonly shapes: readonly SourceShape[],
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
        this.relations.set(message.relationOid, this.resolve(message, lsn));
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
        const tables = message.relations.map((relation) => this.known(relation, lsn).source).map((s) => `${s.schema}.${s.name}`);
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
    const { source, toData } = this.known(relation, lsn);
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

  private known(relation: Pgoutput.MessageRelation, lsn: string): KnownRelation {
    return this.relations.get(relation.relationOid) ?? this.resolve(relation, lsn);
  }

  /**
   * The manifest table behind a relation. An unknown table stops the stream; so do columns other than the
   * manifest's (names, or type OIDs), as a RelationShapeChange the source turns into control records first.
   */
  private resolve(relation: Pgoutput.MessageRelation, lsn: string): KnownRelation {
    const shape = this.shapes.find(({ source }) => source.schema === relation.schema && source.name === relation.name);
    if (!shape) {
      const known = this.shapes.map(({ source }) => `${source.schema}.${source.name}`);
      throw new UnknownSourceTableError(`${relation.schema}.${relation.name}`, known, this.publication);
    }
    const expected = new Map(shape.columns.map((column) => [column.name, column.type.oid]));
    const matches = relation.columns.length === expected.size && relation.columns.every((column) => expected.get(column.name) === column.typeOid);
    if (!matches) {
      throw new RelationShapeChange(shape, relation, {
        // pgoutput sends a relation message at 0/0, having no WAL record of its own: its transaction's commit places it.
        streamPosition: this.open?.commitLsn ?? normalizeLsn(lsn),
        transactionId: this.open?.transactionId,
        commitTimestamp: this.open?.commitTimestamp,
        prevTransactionId: this.previousTransactionId,
      });
    }
    return { source: shape.source, toData: rowConverter(shape.source) };
  }
}
