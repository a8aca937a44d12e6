// Compares what PostgreSQL has for a source table with what the manifest declares. migrate checks the
// catalog (names, types, NOT NULL); the CDC source checks each relation message (names).

export interface ColumnShape {
  readonly name: string;
  /** Canonical PostgreSQL type name (format_type), when known. */
  readonly type?: string;
  readonly notNull?: boolean;
}

/** Human-readable differences; empty when the table matches. */
export function columnProblems(expected: readonly ColumnShape[], actual: readonly ColumnShape[]): string[] {
  const found = new Map(actual.map((column) => [column.name, column]));
  const declared = new Set(expected.map((column) => column.name));
  const problems: string[] = [];
  for (const want of expected) {
    const have = found.get(want.name);
    if (!have) problems.push(`column ${want.name} is missing`);
    else {
      if (want.type !== undefined && have.type !== undefined && want.type !== have.type) {
        problems.push(`column ${want.name} is ${have.type}, the manifest wants ${want.type}`);
      }
      if (want.notNull !== undefined && have.notNull !== undefined && want.notNull !== have.notNull) {
        problems.push(`column ${want.name} is ${have.notNull ? 'NOT NULL' : 'nullable'}, the manifest wants ${want.notNull ? 'NOT NULL' : 'nullable'}`);
      }
    }
  }
  for (const have of actual) if (!declared.has(have.name)) problems.push(`column ${have.name} is not in the manifest`);
  return problems;
}
