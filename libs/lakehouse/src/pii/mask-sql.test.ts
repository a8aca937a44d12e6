import { createHmac, randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { maskValueSql, REDACTED } from './mask-sql.js';

async function masked(values: readonly (string | null)[], masking: 'hmac-sha256' | 'redact', key: Buffer): Promise<(string | null)[]> {
  const instance = await DuckDBInstance.create();
  const connection = await instance.connect();
  try {
    const list = values.map((v) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`)).join(', ');
    const rows = (await connection.runAndReadAll(`SELECT ${maskValueSql('v', masking, key)} AS m FROM (SELECT unnest([${list}]::VARCHAR[]) AS v, generate_subscripts([${list}]::VARCHAR[], 1) AS i) ORDER BY i`)).getRowObjectsJson() as { m: string | null }[];
    return rows.map((r) => r.m);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('maskValueSql', () => {
  const key = randomBytes(32);
  const hmac = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest('hex');

  it('gives the token bronze gives: HMAC-SHA-256 under the key, lowercase hex, for any UTF-8 text', async () => {
    const values = ['CA', "O'Brien", 'Zoë ✓', ''];
    expect(await masked(values, 'hmac-sha256', key)).toEqual(values.map(hmac));
  });

  it('leaves nulls, tokens and redacted values as they are, so masking twice changes nothing', async () => {
    const token = hmac('CA');
    expect(await masked([null, token, REDACTED], 'hmac-sha256', key)).toEqual([null, token, REDACTED]);
  });

  it('redacts every clear value', async () => {
    expect(await masked(['CA', null], 'redact', key)).toEqual([REDACTED, null]);
  });

  it('depends on the key', async () => {
    const [other] = await masked(['CA'], 'hmac-sha256', randomBytes(32));
    expect(other).not.toBe(hmac('CA'));
  });
});
