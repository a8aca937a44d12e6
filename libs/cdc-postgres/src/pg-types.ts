// Types in PostgreSQL's own terms. The manifest writes type names (int8, timestamptz) and a relation message
// carries type OIDs and modifiers; the server names both, so they compare and read the same way.
import type pg from 'pg';

export interface PgType {
  readonly oid: number;
  /** format_type's name, without a type modifier: bigint, timestamp with time zone, numeric. */
  readonly name: string;
}

/** Each type name as the server reads it (int8 → bigint, timestamptz → timestamp with time zone), in order. */
export async function resolveTypeNames(client: pg.Client, names: readonly string[]): Promise<PgType[]> {
  const { rows } = await client.query<{ oid: string; name: string }>(
    'SELECT t::oid::text AS oid, format_type(t, NULL) AS name FROM unnest($1::regtype[]) WITH ORDINALITY AS u(t, i) ORDER BY i',
    [names],
  );
  return rows.map((row) => ({ oid: Number(row.oid), name: row.name }));
}

export interface ColumnTypeName {
  /** Without the modifier, as resolveTypeNames names types: what comparisons use. */
  readonly name: string;
  /** With the modifier the column was declared with, e.g. numeric(5,2): what a description shows. */
  readonly declared: string;
}

/** The names of relation columns' types, in order. */
export async function columnTypeNames(client: pg.Client, columns: readonly { readonly typeOid: number; readonly typeMod: number }[]): Promise<ColumnTypeName[]> {
  const { rows } = await client.query<ColumnTypeName>(
    // A modifier of -1 means none; format_type wants NULL for that (with -1 it names character "bpchar").
    'SELECT format_type(o, NULL) AS name, format_type(o, NULLIF(m, -1)) AS declared FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS u(o, m, i) ORDER BY i',
    [columns.map((c) => c.typeOid), columns.map((c) => c.typeMod)],
  );
  return rows;
}
