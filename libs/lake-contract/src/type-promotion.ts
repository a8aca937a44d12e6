// The type changes a v2 table allows without rewriting data files (spec, "Schema Evolution"): readers widen the
// values of old files as they read them. Any other change would make old files unreadable as the new type. One rule
// for the Iceberg layer's schema updates and for `datamaster plan`, which classes a change before it merges.
const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

/** The spec's rule, for error messages. */
export const PROMOTION_RULE = 'Iceberg v2 allows only int → long, float → double and decimal(P,S) → decimal(P2,S) with P2 > P';

/**
 * Whether a column of type `from` may become `to`. Types are the spec's primitive type strings; the lake
 * manifest's are a subset, tables other engines wrote may hold the rest.
 */
export function canPromote(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === 'int') return to === 'long';
  if (from === 'float') return to === 'double';
  const [wide, narrow] = [DECIMAL.exec(to), DECIMAL.exec(from)];
  return narrow !== null && wide !== null && narrow[2] === wide[2] && Number(wide[1]) > Number(narrow[1]);
}
