// Athena returns every value as text; the CLI prints a query's rows as the local engine gives them (numbers as
// numbers when exact, booleans as booleans), so the same query prints the same on either target.
import type { QueryResult, QueryValue } from '@datamaster/lakehouse';
import type { AthenaResult } from './athena-query.js';

const INTEGERS = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FRACTIONS = new Set(['double', 'float', 'real', 'decimal']);

function valueOf(text: string | null, type: string): QueryValue {
  if (text === null) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '');
  if (base === 'boolean') return text === 'true';
  if (INTEGERS.has(base)) return Number.isSafeInteger(Number(text)) ? Number(text) : text;
  if (FRACTIONS.has(base) && Number.isFinite(Number(text))) return Number(text);
  return text;
}

export function athenaQueryResult(result: AthenaResult): QueryResult {
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, valueOf(row[i] ?? null, c.type)]))),
  };
}
