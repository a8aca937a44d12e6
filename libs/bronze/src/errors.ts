// File-level failures: the raw object as a whole cannot become a bronze file. Row-level problems
// never throw; they go to the quarantine (see quarantine.ts).

/** Renders an offending value so strings stay quoted and long ones stay readable in a message. */
export function showValue(text: string, max = 120): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** An option of convertToBronze is outside its domain. */
export class InvalidBronzeOptionError extends Error {
  override readonly name = 'InvalidBronzeOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Invalid bronze conversion option ${option}=${typeof value === 'string' ? showValue(value) : String(value)}: expected ${expected}.`);
  }
}

/** The manifest declares a column the converter cannot type (a new logical type or source encoding). */
export class UnsupportedBronzeColumnError extends Error {
  override readonly name = 'UnsupportedBronzeColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly type: string,
  ) {
    super(`The bronze converter cannot convert column "${column}" of ${table}: ${type} is not supported. Teach src/columns/cell-parsers.ts the type.`);
  }
}

/** The raw object has no bytes at all: an upload that never completed, or the wrong key. */
export class EmptyRawObjectError extends Error {
  override readonly name = 'EmptyRawObjectError';
  constructor(readonly rawObjectKey: string) {
    super(`Raw object ${rawObjectKey} is empty (0 bytes): expected a gzip-compressed extract. Re-upload the object; nothing was written.`);
  }
}

/** The gzip stream is corrupt or cut short; nothing converted from it may be used. */
export class CorruptRawObjectError extends Error {
  override readonly name = 'CorruptRawObjectError';
  constructor(
    readonly rawObjectKey: string,
    readonly reason: string,
  ) {
    super(`Raw object ${rawObjectKey} is not a complete gzip stream (${reason}): it is truncated or corrupt. Re-upload it; the bronze output is void.`);
  }
}

/** The CSV header is not the source table's columns: the extract has another layout. */
export class CsvHeaderMismatchError extends Error {
  override readonly name = 'CsvHeaderMismatchError';
  constructor(
    readonly rawObjectKey: string,
    readonly table: string,
    readonly header: readonly string[],
    readonly expected: readonly string[],
  ) {
    const missing = expected.filter((c) => !header.includes(c));
    const extra = header.filter((c) => !expected.includes(c));
    const duplicated = header.filter((c, i) => header.indexOf(c) !== i);
    const details = header.length === 0 ? ['no header row: the extract is empty'] : [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `unexpected ${extra.join(', ')}` : '',
      duplicated.length > 0 ? `repeated ${duplicated.join(', ')}` : '',
    ].filter(Boolean);
    super(
      `The CSV header of ${rawObjectKey} does not match ${table} (${details.join('; ')}). ` +
        `Header: ${header.join(',') || '(none)'}. Expected the columns ${expected.join(',')} (any order); fix the extract or the manifest.`,
    );
  }
}

/** A single record is larger than the converter holds in memory (usually an unterminated quote). */
export class RecordTooLargeError extends Error {
  override readonly name = 'RecordTooLargeError';
  constructor(
    readonly rawObjectKey: string,
    readonly line: number,
    readonly limitBytes: number,
  ) {
    super(
      `The record starting at line ${line} of ${rawObjectKey} exceeds ${limitBytes} bytes; an unterminated quoted field is the usual cause. ` +
        'Fix the extract; nothing was written.',
    );
  }
}

/** The content does not look like the declared format. */
export class FormatMismatchError extends Error {
  override readonly name = 'FormatMismatchError';
  constructor(
    readonly declared: 'csv' | 'ndjson',
    readonly detected: string,
    readonly table: string,
  ) {
    super(`The raw object was declared ${declared} for ${table}, but its content looks like ${detected}. Fix the declared format or the object.`);
  }
}

/** The Parquet encoder failed or wrote fewer rows than it was given; the output is void. */
export class ParquetEncodingError extends Error {
  override readonly name = 'ParquetEncodingError';
  constructor(
    readonly table: string,
    reason: string,
  ) {
    super(`Writing the bronze Parquet file of ${table} failed: ${reason}`);
  }
}
