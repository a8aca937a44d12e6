import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngineSession, type EngineSession } from '../engine/duckdb-session.js';
import { openQueryStream } from './query-stream.js';

let session: EngineSession;
let connection: DuckDBConnection;

beforeAll(async () => {
  session = await openEngineSession();
  connection = await session.connect();
});
afterAll(() => session.close());

const ROWS = 30_000;
// Descending, so that the order is the query's and not the generator's.
const MANY = `SELECT i AS id, 'name ' || i AS name, i / 4 AS score, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_seconds(i) AS at FROM range(${ROWS}) t(i) ORDER BY i DESC`;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const text = async (lines: AsyncIterable<readonly Uint8Array[]>) => (await collect(lines)).flat().map((line) => Buffer.from(line).toString('utf8'));

describe('query streams', () => {
  it('reads a many-row result a chunk of rows at a time, in order', async () => {
    const stream = await openQueryStream(connection, MANY);
    expect(stream.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['id BIGINT', 'name VARCHAR', 'score DOUBLE', 'at TIMESTAMP WITH TIME ZONE']);
    const batches = await collect(stream.rows());
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2048);
    const rows = batches.flat();
    expect(rows).toHaveLength(ROWS);
    expect(rows[0]).toEqual({ id: ROWS - 1, name: `name ${ROWS - 1}`, score: (ROWS - 1) / 4, at: new Date(Date.UTC(2020, 0, 1) + (ROWS - 1) * 1000).toISOString() });
    expect(rows.at(-1)).toEqual({ id: 0, name: 'name 0', score: 0, at: '2020-01-01T00:00:00.000Z' });
  });

  it('gives the first rows and the count of all, also when the result is shorter than the head or empty', async () => {
    const stream = await openQueryStream(connection, MANY);
    const all = (await collect(stream.rows())).flat();
    expect(await stream.head(50)).toEqual({ rows: all.slice(0, 50), total: ROWS });
    expect(await stream.head(ROWS + 1)).toEqual({ rows: all, total: ROWS });
    expect(await (await openQueryStream(connection, `${MANY} LIMIT 3`)).head(50)).toEqual({ rows: all.slice(0, 3), total: 3 });
    expect(await (await openQueryStream(connection, 'SELECT 1 AS one WHERE false')).head(50)).toEqual({ rows: [], total: 0 });
  });

  it('renders every row as a CSV line and as a JSON object, in order, with the values the typed rows have', async () => {
    const stream = await openQueryStream(connection, MANY);
    const typed = (await collect(stream.rows())).flat();
    const csv = await text(stream.lines('csv'));
    expect(csv).toHaveLength(ROWS);
    const fields = (row: Record<string, unknown>) => [row['id'], row['name'], row['score'], row['at']].map((v) => (typeof v === 'number' ? v : String(v)));
    const parsed = (line: string | undefined) => (line ?? '').split(',').map((f, i) => (i === 0 || i === 2 ? Number(f) : f));
    expect([parsed(csv[0]), parsed(csv.at(-1))]).toEqual([fields(typed[0] ?? {}), fields(typed.at(-1) ?? {})]);
    const json = JSON.parse(`[${(await text(stream.lines('json'))).join(',')}]`) as unknown[];
    expect(json).toHaveLength(ROWS);
    expect([json[0], json.at(-1), json[ROWS / 2]]).toEqual([typed[0], typed.at(-1), typed[ROWS / 2]]);
  });

  it('quotes what CSV must quote, keeps JSON valid for every kind of value, keeps UTF-8 and renames no column', async () => {
    const stream = await openQueryStream(
      connection,
      `SELECT * FROM (VALUES
        ('plain ü€', NULL::VARCHAR, 9007199254740991::BIGINT, 9007199254740993::HUGEINT, 'nan'::DOUBLE, 1.5::DOUBLE, DATE '2024-02-29', [1, 2], true),
        ('a "quoted", two-line' || chr(10) || 'text', '', -1::BIGINT, NULL, 'inf'::DOUBLE, NULL, NULL, NULL, NULL)
      ) AS t("text", "odd ""name""", safe, wide, nan, num, day, list, flag)`,
    );
    const csv = await text(stream.lines('csv'));
    expect(csv).toEqual(['plain ü€,,9007199254740991,9007199254740993,nan,1.5,2024-02-29T00:00:00.000Z,"[1, 2]",true', '"a ""quoted"", two-line\ntext",,-1,,inf,,,,']);
    const json = (await text(stream.lines('json'))).map((line) => JSON.parse(line) as unknown);
    expect(json).toEqual([
      { text: 'plain ü€', 'odd "name"': null, safe: 9007199254740991, wide: '9007199254740993', nan: null, num: 1.5, day: '2024-02-29T00:00:00.000Z', list: [1, 2], flag: true },
      { text: 'a "quoted", two-line\ntext', 'odd "name"': '', safe: -1, wide: null, nan: null, num: null, day: null, list: null, flag: null },
    ]);
  });
});
