import { checkQueryText } from '@datamaster/lakehouse';
import { lakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { athenaSql } from './athena-sql.js';
import { athenaQueryResult } from './athena-values.js';
import { parseTarget } from './target.js';

const databases = { bronze: 'dm_bronze', silver: 'dm_silver', gold: 'dm_gold' };
const rewrite = async (sql: string, principal = 'data-engineer') => athenaSql(sql, (await checkQueryText(lakeManifest(), principal, sql)).references, databases);

describe('a query for Athena', () => {
  it('names the Glue database of each layer where the query names a table, and nothing else', async () => {
    expect(await rewrite(`SELECT b.beer_name, 'gold.top_drinkers' AS s FROM silver . "beer" b JOIN gold.top_beers_by_rating t ON t.beer_id = b.beer_id -- silver.beer`)).toBe(
      `SELECT b.beer_name, 'gold.top_drinkers' AS s FROM "dm_silver"."beer" b JOIN "dm_gold"."top_beers_by_rating" t ON t.beer_id = b.beer_id -- silver.beer`,
    );
    expect(await rewrite('WITH recent AS (SELECT * FROM bronze.review) SELECT count(*) FROM recent, recent AS again')).toBe('WITH recent AS (SELECT * FROM "dm_bronze"."review") SELECT count(*) FROM recent, recent AS again');
  });

  it('is refused before it is rewritten when the grants do not allow it', async () => {
    await expect(rewrite('SELECT * FROM bronze.review', 'analyst')).rejects.toThrow(/analyst/);
  });
});

describe("Athena's text values", () => {
  it('become the values a local query gives: exact integers as numbers, booleans, fractions, text', () => {
    const result = athenaQueryResult({
      queryExecutionId: 'q',
      sql: '',
      scannedBytes: 0,
      columns: [
        { name: 'n', type: 'bigint' },
        { name: 'big', type: 'bigint' },
        { name: 'ok', type: 'boolean' },
        { name: 'avg', type: 'decimal(5,2)' },
        { name: 'name', type: 'varchar' },
      ],
      rows: [['42', '9223372036854775807', 'true', '3.25', null]],
    });
    expect(result.rows).toEqual([{ n: 42, big: '9223372036854775807', ok: true, avg: 3.25, name: null }]);
  });
});

describe('a target', () => {
  it('is local, aws (stage dev) or aws:<stage>, and says what it accepts otherwise', () => {
    expect(parseTarget('local')).toEqual({ kind: 'local' });
    expect(parseTarget('aws')).toEqual({ kind: 'aws', stage: 'dev' });
    expect(parseTarget('aws:prod')).toEqual({ kind: 'aws', stage: 'prod' });
    expect(() => parseTarget('aws:Prod!')).toThrow('"aws:Prod!" is not a target: use local (the lake home), aws (stage dev) or aws:<stage>');
  });
});
