import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetProbe, convertText, manifestWith } from './testing/bronze-fixture.js';

const PROFILES = 'profile_id,profile_name,email,state\n1,Percy.Quigley,percy.quigley33@yahoo.com,VA\n2,Syble.Howe72,syble@hotmail.com,OH\n3,Percy.Quigley,other@example.com,VA\n';
const profile = { table: 'profile', format: 'csv' } as const;
let probe: ParquetProbe;

beforeAll(async () => {
  probe = await ParquetProbe.open();
});
afterAll(async () => {
  await probe.close();
});

const tokens = async (key: string) => {
  const { parquet } = await convertText(PROFILES, { ...profile, masking: { key: Buffer.from(key) } });
  return { parquet, rows: await probe.query(parquet, 'SELECT profile_name, email, state FROM $file ORDER BY profile_id') };
};

describe('PII masking', () => {
  it('never writes the clear values of PII columns into the Parquet bytes', async () => {
    const { parquet, rows } = await tokens('k1');
    for (const clear of ['Percy.Quigley', 'percy.quigley33@yahoo.com', 'Syble.Howe72', 'syble@hotmail.com', 'other@example.com']) {
      expect(parquet.includes(Buffer.from(clear))).toBe(false);
    }
    // The public column stays in clear (it is what dashboards group by).
    expect(rows.map((r) => r.state)).toEqual(['VA', 'OH', 'VA']);
  });

  it('gives the same token for the same value and key, across runs and rows, so joins still work', async () => {
    const first = await tokens('k1');
    const second = await tokens('k1');
    expect(second.rows).toEqual(first.rows);
    expect(first.rows[0]!.profile_name).toBe(first.rows[2]!.profile_name);
    expect(first.rows[0]!.profile_name).toMatch(/^[0-9a-f]{64}$/);
    expect(first.rows[0]!.email).not.toBe(first.rows[2]!.email);
  });

  it('gives different tokens under a different key', async () => {
    const [a, b] = [await tokens('k1'), await tokens('k2')];
    expect(b.rows[0]!.profile_name).not.toBe(a.rows[0]!.profile_name);
  });

  it('replaces values of redact columns with [redacted]', async () => {
    const manifest = manifestWith({
      name: 'contact',
      source: { schema: 'dm_core', table: 'contact' },
      primaryKey: ['contact_id'],
      columns: [
        { id: 1, name: 'contact_id', type: 'long', nullable: false, description: 'Id.' },
        { id: 2, name: 'phone', type: 'string', nullable: true, description: 'Phone.', classification: 'pii', masking: 'redact' },
        { id: 3, name: 'note', type: 'string', nullable: true, description: 'Public note.' },
      ],
    });
    const { parquet } = await convertText('contact_id,phone,note\n1,555-0100-777,a-public-note-in-clear\n2,,\n', { table: 'contact', format: 'csv', manifest });
    expect(await probe.query(parquet, 'SELECT phone, note FROM $file ORDER BY contact_id')).toEqual([
      { phone: '[redacted]', note: 'a-public-note-in-clear' },
      { phone: null, note: null },
    ]);
    expect(parquet.includes(Buffer.from('555-0100-777'))).toBe(false);
    // The control: a clear value is visible in these bytes when it is written, so the search above can fail.
    expect(parquet.includes(Buffer.from('a-public-note-in-clear'))).toBe(true);
  });
});
