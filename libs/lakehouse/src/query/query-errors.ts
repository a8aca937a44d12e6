// Refusals of governed queries: each names the principal, the table and (for a column) the column,
// the way Lake Formation refuses rather than silently returning less.

export class QueryRefusedError extends Error {
  override readonly name: string = 'QueryRefusedError';
  constructor(message: string) {
    super(`Query refused: ${message}`);
  }
}

export class TableAccessDeniedError extends QueryRefusedError {
  override readonly name = 'TableAccessDeniedError';
  constructor(
    readonly principal: string,
    readonly table: string,
    readable: readonly string[],
  ) {
    super(`principal "${principal}" has no grant on table ${table}. Tables it may read: ${readable.join(', ') || 'none'}`);
  }
}

export class ColumnAccessDeniedError extends QueryRefusedError {
  override readonly name = 'ColumnAccessDeniedError';
  constructor(
    readonly principal: string,
    readonly table: string,
    readonly column: string,
  ) {
    super(`principal "${principal}" may not read column ${column} of ${table} (PII, excluded from its grant). Leave the column out, or ask for a principal with PII access`);
  }
}

export class UnknownPrincipalError extends QueryRefusedError {
  override readonly name = 'UnknownPrincipalError';
  constructor(
    readonly principal: string,
    known: readonly string[],
  ) {
    super(`unknown principal "${principal}". Principals of the lake manifest: ${known.join(', ')}`);
  }
}
