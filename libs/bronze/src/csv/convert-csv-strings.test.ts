import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetProbe, convertText } from '../testing/bronze-fixture.js';

const beer = { table: 'beer', format: 'csv' } as const;
const HEADER = 'beer_id,brewery_id,beer_name,beer_style,beer_abv';
let probe: ParquetProbe;

beforeAll(async () => {
  probe = await ParquetProbe.open();
});
afterAll(async () => {
  await probe.close();
});

describe('convertToBronze, CSV string fields', () => {
  it('keeps quoted commas, doubled quotes, embedded CR/LF and the empty string, with CRLF line ends', async () => {
    const text = [HEADER, '1,2,"Hop, Skip & Jump","IPA",6.5', '2,2,"The ""Big"" One",Stout,', '3,2,"two\r\nlines\nhere",Lager,4', '4,2,"",Lager,0'].join('\r\n');
    const { parquet, quarantine } = await convertText(text, beer);
    expect(quarantine).toEqual([]);
    expect(await probe.query(parquet, 'SELECT beer_id, beer_name, beer_style, beer_abv, change_seq FROM $file ORDER BY beer_id')).toEqual([
      { beer_id: 1n, beer_name: 'Hop, Skip & Jump', beer_style: 'IPA', beer_abv: 6.5, change_seq: 1n },
      { beer_id: 2n, beer_name: 'The "Big" One', beer_style: 'Stout', beer_abv: null, change_seq: 2n },
      { beer_id: 3n, beer_name: 'two\r\nlines\nhere', beer_style: 'Lager', beer_abv: 4, change_seq: 3n },
      { beer_id: 4n, beer_name: '', beer_style: 'Lager', beer_abv: 0, change_seq: 4n },
    ]);
  });

  it('reports the line a record starts on, after records spanning several lines', async () => {
    const text = [HEADER, '1,2,"a\nb\nc",IPA,1', '2,2,Ale,IPA,strong'].join('\n');
    const { quarantine } = await convertText(text, beer);
    expect(quarantine).toEqual([{ line: 5, reason: 'column beer_abv: "strong" is not a number', raw: '2,2,Ale,IPA,strong' }]);
  });

  it('quarantines invalid UTF-8 in a string field and keeps the valid rows', async () => {
    const bad = Buffer.concat([Buffer.from('2,2,Caf'), Buffer.from([0xe9]), Buffer.from(',Ale,5')]);
    const text = Buffer.concat([Buffer.from(`${HEADER}\n1,2,Café,Ale,5\n`), bad, Buffer.from('\n3,2,Brew,Ale,5\n')]);
    const { parquet, quarantine } = await convertText(text, beer);
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/^column beer_name: "Caf.*" is not valid UTF-8$/) });
    expect(await probe.query(parquet, 'SELECT beer_name FROM $file ORDER BY beer_id')).toEqual([{ beer_name: 'Café' }, { beer_name: 'Brew' }]);
  });

  it('accepts a 1 MB field, and keeps only the first 64 KB of a rejected 1 MB line', async () => {
    const long = 'x'.repeat(1024 * 1024);
    const text = `${HEADER}\n1,2,"${long}",IPA,5\n2,2,${long},IPA,not-a-number\n`;
    const { parquet, quarantine } = await convertText(text, beer);
    expect(await probe.query(parquet, 'SELECT beer_id, length(beer_name) AS n FROM $file')).toEqual([{ beer_id: 1n, n: 1024n * 1024n }]);
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]!.reason).toBe('column beer_abv: "not-a-number" is not a number');
    expect(Buffer.byteLength(quarantine[0]!.raw)).toBe(64 * 1024);
  });

  it('stores low-cardinality strings dictionary-encoded', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},1,Beer ${i},${i % 2 ? 'IPA' : 'Stout'},5`);
    const { parquet } = await convertText(`${HEADER}\n${rows.join('\n')}\n`, beer);
    const [meta] = await probe.query(parquet, "SELECT encodings FROM parquet_metadata($file) WHERE path_in_schema = 'beer_style'");
    expect(String(meta!.encodings)).toContain('RLE_DICTIONARY');
  });

  it('writes only encodings Spark 3.5 reads (no byte-stream-split doubles)', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},1,Beer ${i},IPA,${(i % 10) / 2}`);
    const { parquet } = await convertText(`${HEADER}\n${rows.join('\n')}\n`, beer);
    const encodings = await probe.query(parquet, 'SELECT path_in_schema, encodings FROM parquet_metadata($file)');
    expect(encodings.length).toBeGreaterThan(5);
    for (const column of encodings) expect(String(column['encodings'])).not.toContain('BYTE_STREAM_SPLIT');
  });
});
