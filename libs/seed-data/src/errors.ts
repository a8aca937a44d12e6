/** Renders an offending value so that strings, NaN and undefined stay distinguishable in messages. */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** An option of generateSeedDataset is out of its domain. */
export class InvalidSeedOptionError extends Error {
  override readonly name = 'InvalidSeedOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Invalid seed-data option ${option}=${show(value)}: expected ${expected}.`);
  }
}

/**
 * A generated record lacks a column the lake manifest declares for its table: the manifest gained
 * a column that the generator has not been taught to produce.
 */
export class MissingColumnError extends Error {
  override readonly name = 'MissingColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly generated: readonly string[],
  ) {
    super(
      `The seed generator produces no value for column "${column}" of ${table}, which the lake manifest declares. ` +
        `Generated columns: ${generated.join(', ')}.`,
    );
  }
}

/** A manifest column has a type or encoding the CSV writer cannot represent. */
export class UnsupportedColumnError extends Error {
  override readonly name = 'UnsupportedColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly type: string,
  ) {
    super(`The seed CSV writer cannot write column "${column}" of ${table}: type "${type}" is not supported.`);
  }
}

/** A generated value does not fit its manifest column (wrong kind, or null in a non-nullable column). */
export class InvalidCellError extends Error {
  override readonly name = 'InvalidCellError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Generated value ${show(value)} for column "${column}" of ${table} is invalid: expected ${expected}.`);
  }
}
