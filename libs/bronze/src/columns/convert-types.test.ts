import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetProbe, convertText, manifestWith } from '../testing/bronze-fixture.js';

// A table with every logical type the manifest knows, declared by the test.
const manifest = manifestWith({
  name: 'gadget',
  source: { schema: 'dm_core', table: 'gadget' },
  primaryKey: ['gadget_id'],
  columns: [
    { id: 1, name: 'gadget_id', type: 'long', nullable: false, description: 'Id.' },
    { id: 2, name: 'units', type: 'int', nullable: true, description: 'Count.' },
    { id: 3, name: 'active', type: 'boolean', nullable: true, description: 'Flag.' },
    { id: 4, name: 'launched_on', type: 'date', nullable: true, description: 'Day.' },
    { id: 5, name: 'updated', type: 'timestamptz', nullable: true, description: 'Time.' },
    { id: 6, name: 'price', type: 'double', nullable: true, description: 'Price.' },
  ],
});
const gadget = { table: 'gadget', format: 'csv', manifest } as const;
const HEADER = 'gadget_id,units,active,launched_on,updated,price';
let probe: ParquetProbe;

beforeAll(async () => {
  probe = await ParquetProbe.open();
});
afterAll(async () => {
  await probe.close();
});

describe('convertToBronze, every logical type', () => {
  it('types int, boolean, date, ISO timestamptz and double, and writes their Parquet types', async () => {
    const text = `${HEADER}\n1,-7,t,2026-11-26,2026-11-26T03:00:00.000001+01:00,0.1\n2,,false,,,\n`;
    const { parquet, quarantine } = await convertText(text, gadget);
    expect(quarantine).toEqual([]);
    expect(await probe.query(parquet, 'SELECT gadget_id, units, active, CAST(launched_on AS VARCHAR) AS launched_on, epoch_us(updated) AS updated, price FROM $file ORDER BY 1')).toEqual([
      { gadget_id: 1n, units: -7, active: true, launched_on: '2026-11-26', updated: BigInt(Date.parse('2026-11-26T02:00:00Z')) * 1000n + 1n, price: 0.1 },
      { gadget_id: 2n, units: null, active: false, launched_on: null, updated: null, price: null },
    ]);
    const types = await probe.query(parquet, "SELECT name, type FROM parquet_schema($file) WHERE name IN ('units', 'active', 'launched_on', 'updated') ORDER BY name");
    expect(types).toEqual([
      { name: 'active', type: 'BOOLEAN' },
      { name: 'launched_on', type: 'INT32' },
      { name: 'units', type: 'INT32' },
      { name: 'updated', type: 'INT64' },
    ]);
  });

  it('quarantines values outside each type', async () => {
    const rows = ['1,3000000000,t,,,', '2,,maybe,,,', '3,,,2026-02-30,,', '4,,,,2026-11-26T03:00:00,', '5,,,,,1.2.3'];
    const { quarantine } = await convertText(`${HEADER}\n${rows.join('\n')}\n`, gadget);
    expect(quarantine.map((q) => q.reason)).toEqual([
      'column units: "3000000000" is not a 32-bit integer',
      'column active: "maybe" is not a boolean',
      'column launched_on: "2026-02-30" is not a date (YYYY-MM-DD)',
      'column updated: "2026-11-26T03:00:00" is not a timestamp with a time zone (ISO-8601, e.g. 2026-11-26T03:00:00.123456Z)',
      'column price: "1.2.3" is not a number',
    ]);
  });
});
