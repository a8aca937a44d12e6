// Compares what PostgreSQL has for a source table with what the manifest declares. migrate checks the
// catalog (names, types, NOT NULL); the CDC source checks each relation message (names and types).

export interface ColumnShape {
  readonly name: string;
  /** Canonical PostgreSQL type name (format_type), when known. */
  readonly type?: string;
  readonly notNull?: boolean;
}

/** One way a table differs from the manifest: a column it lacks, one the manifest lacks, or one declared otherwise. */
export type ColumnDifference<E extends ColumnShape = ColumnShape, A extends ColumnShape = ColumnShape> =
  | { readonly kind: 'missing'; readonly expected: E }
  | { readonly kind: 'extra'; readonly actual: A }
  | { readonly kind: 'type' | 'nullability'; readonly expected: E; readonly actual: A };

/** The differences, manifest columns first; empty when the table matches. */
export function columnDifferences<E extends ColumnShape, A extends ColumnShape>(expected: readonly E[], actual: readonly A[]): ColumnDifference<E, A>[] {
  const found = new Map(actual.map((column) => [column.name, column]));
  const declared = new Set(expected.map((column) => column.name));
  const differences: ColumnDifference<E, A>[] = [];
  for (const want of expected) {
    const have = found.get(want.name);
    if (!have) differences.push({ kind: 'missing', expected: want });
    else {
      if (want.type !== undefined && have.type !== undefined && want.type !== have.type) differences.push({ kind: 'type', expected: want, actual: have });
      if (want.notNull !== undefined && have.notNull !== undefined && want.notNull !== have.notNull) differences.push({ kind: 'nullability', expected: want, actual: have });
    }
  }
  for (const have of actual) if (!declared.has(have.name)) differences.push({ kind: 'extra', actual: have });
  return differences;
}

/** Human-readable differences; empty when the table matches. */
export function columnProblems(expected: readonly ColumnShape[], actual: readonly ColumnShape[]): string[] {
  return columnDifferences(expected, actual).map(describeDifference);
}

const nullability = (notNull: boolean | undefined) => (notNull ? 'NOT NULL' : 'nullable');

export function describeDifference(difference: ColumnDifference): string {
  switch (difference.kind) {
    case 'missing':
      return `column ${difference.expected.name} is missing`;
    case 'extra':
      return `column ${difference.actual.name} is not in the manifest`;
    case 'type':
      return `column ${difference.expected.name} is ${difference.actual.type}, the manifest wants ${difference.expected.type}`;
    case 'nullability':
      return `column ${difference.expected.name} is ${nullability(difference.actual.notNull)}, the manifest wants ${nullability(difference.expected.notNull)}`;
  }
}
