// CDC changes: one flat JSON object per line — the source columns plus op, change_ts,
// change_txn_id and change_seq. Insert, update and load rows must carry every NOT NULL column; a
// delete carries only the key (PostgreSQL's default replica identity), its other columns are null.
import { JSON_STRING, cellWriter, type CellWriter, type TokenKind } from '../columns/cell-writers.js';
import { SystemColumnWriter } from '../columns/system-columns.js';
import type { RowSink } from '../columns/row-sink.js';
import { RecordTooLargeError, showValue } from '../errors.js';
import type { SourceColumnPlan } from '../plan/bronze-plan.js';
import { JSON_NULL, flatJsonObject, parseFlatJsonObject, unescapeJsonString, type FlatJsonObject } from './flat-json.js';

const LF = 0x0a;
const OPERATIONS = new Map(['insert', 'update', 'delete', 'load'].map((op) => [op, Buffer.from(op)]));
/** Members a line may have beyond the known keys before it is rejected outright. */
const SPARE_MEMBERS = 8;

export interface NdjsonReaderOptions {
  readonly sink: RowSink;
  readonly rawObjectKey: string;
  readonly maxRecordBytes: number;
}

const SYSTEM_KEYS = ['op', 'change_ts', 'change_txn_id', 'change_seq'] as const;

/** A key held as latin1 (one code unit per byte), shown as the UTF-8 text it is. */
const shownKey = (key: string) => showValue(Buffer.from(key, 'latin1').toString('utf8'));

export class NdjsonReader {
  rowsIn = 0;
  private line = 0;
  private carry: Buffer | undefined;
  private readonly object: FlatJsonObject;
  /** Key → target: source columns first (their plan.source position), then SYSTEM_KEYS. */
  private readonly targets: Map<string, number>;
  /** The member holding each target in the current line, or -1. */
  private readonly memberOf: Int32Array;
  private readonly changeTs: CellWriter;
  private readonly changeTxnId: CellWriter;
  private readonly changeSeq: CellWriter;
  private readonly scratch = { buf: Buffer.alloc(4096) };

  constructor(private readonly options: NdjsonReaderOptions) {
    const { plan, system } = options.sink;
    this.targets = new Map([...plan.source.map((c) => c.name), ...SYSTEM_KEYS].map((name, target) => [name, target]));
    this.object = flatJsonObject(this.targets.size + SPARE_MEMBERS);
    this.memberOf = new Int32Array(this.targets.size);
    const field = (index: number) => plan.fields[index] as (typeof plan.fields)[number];
    this.changeTs = cellWriter(field(plan.system.change_ts), system.changeTs);
    this.changeTxnId = cellWriter(field(plan.system.change_txn_id), system.changeTxnId);
    this.changeSeq = cellWriter(field(plan.system.change_seq), system.changeSeq);
  }

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let end = buf.indexOf(LF); end >= 0; end = buf.indexOf(LF, start)) {
      this.lineAt(buf, start, end);
      start = end + 1;
    }
    this.carry = start < buf.length ? buf.subarray(start) : undefined;
    if (this.carry && this.carry.length > this.options.maxRecordBytes) throw new RecordTooLargeError(this.options.rawObjectKey, this.line + 1, this.options.maxRecordBytes);
  }

  end(): void {
    if (this.carry) this.lineAt(this.carry, 0, this.carry.length);
    this.carry = undefined;
  }

  private lineAt(buf: Buffer, start: number, end: number): void {
    this.line++;
    const text = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
    let first = start;
    while (first < text && (buf[first] === 0x20 || buf[first] === 0x09)) first++;
    if (first === text) return; // a blank line holds no change
    this.rowsIn++;
    const problem = this.typeLine(buf, start, text);
    if (problem !== undefined) this.options.sink.quarantine.add(this.line, problem, buf.subarray(start, text));
    else this.options.sink.commit();
  }

  private typeLine(buf: Buffer, start: number, end: number): string | undefined {
    const { object, memberOf } = this;
    const syntax = parseFlatJsonObject(buf, start, end, object);
    if (syntax !== undefined) return `malformed JSON: ${syntax}`;
    memberOf.fill(-1);
    for (let m = 0; m < object.count; m++) {
      const key = this.key(buf, m);
      const target = this.targets.get(key);
      if (target === undefined) return `unknown key ${shownKey(key)} (not a column of ${this.options.sink.plan.ref})`;
      if (memberOf[target] !== -1) return `key ${shownKey(key)} appears twice`;
      memberOf[target] = m;
    }
    const { sink } = this.options;
    const sources = sink.plan.source.length;
    const member = (key: (typeof SYSTEM_KEYS)[number]) => memberOf[sources + SYSTEM_KEYS.indexOf(key)] as number;
    const op = this.operation(buf, member('op'));
    if (op === undefined) return `column op: expected one of ${[...OPERATIONS.keys()].join(', ')}`;
    const row = sink.batch.row;
    SystemColumnWriter.setText(sink.system.op, row, op, OPERATIONS.get(op) as Buffer);
    const required = () => 'missing or null, but a value is required';
    const problem =
      this.value(buf, member('change_ts'), this.changeTs, row, 'change_ts', required) ??
      this.value(buf, member('change_seq'), this.changeSeq, row, 'change_seq', required) ??
      this.value(buf, member('change_txn_id'), this.changeTxnId, row, 'change_txn_id', () => sink.system.changeTxnId.setNull(row));
    if (problem !== undefined) return problem;
    const deleting = op === 'delete';
    for (let k = 0; k < sources; k++) {
      const column = sink.plan.source[k] as SourceColumnPlan;
      const m = memberOf[k] as number;
      const problem = this.value(buf, m, sink.writers[k] as CellWriter, row, column.name, () => sink.setNull(column, column.key || (!deleting && column.required), m < 0));
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  /**
   * Writes member m's value, or handles its absence (m < 0) or JSON null with onNull; returns
   * what is wrong, naming the column.
   */
  private value(buf: Buffer, m: number, writer: CellWriter, row: number, column: string, onNull: () => string | void): string | undefined {
    const problem = m < 0 || this.object.kinds[m] === JSON_NULL ? onNull() : this.write(buf, m, writer, row);
    return problem ? `column ${column}: ${problem}` : undefined;
  }

  private write(buf: Buffer, m: number, writer: CellWriter, row: number): string | undefined {
    const { object } = this;
    let start = object.bounds[4 * m + 2] as number;
    let end = object.bounds[4 * m + 3] as number;
    let source = buf;
    if (((object.escapes[m] as number) & 2) !== 0) {
      const length = unescapeJsonString(buf, start, end, this.scratch);
      if (length < 0) return `${showValue(buf.toString('utf8', start, end))} is not a valid JSON string (bad escape or invalid UTF-8)`;
      [source, start, end] = [this.scratch.buf, 0, length];
    }
    return writer(row, source, start, end, object.kinds[m] as TokenKind, Number.NaN, Number.NaN);
  }

  /** Member m's key as latin1 (one code unit per UTF-8 byte, as the targets are keyed). */
  private key(buf: Buffer, m: number): string {
    const start = this.object.bounds[4 * m] as number;
    const end = this.object.bounds[4 * m + 1] as number;
    if (((this.object.escapes[m] as number) & 1) === 0) return buf.toString('latin1', start, end);
    const length = unescapeJsonString(buf, start, end, this.scratch);
    return length < 0 ? buf.toString('latin1', start, end) : this.scratch.buf.toString('latin1', 0, length);
  }

  private operation(buf: Buffer, m: number): string | undefined {
    if (m < 0 || this.object.kinds[m] !== JSON_STRING) return undefined;
    const op = buf.toString('latin1', this.object.bounds[4 * m + 2], this.object.bounds[4 * m + 3]);
    return OPERATIONS.has(op) ? op : undefined;
  }
}
