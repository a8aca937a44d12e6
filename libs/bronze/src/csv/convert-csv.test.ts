import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { columnarSchema, getTable, lakeManifest } from '@datamaster/lake-manifest';
import { CorruptRawObjectError, CsvHeaderMismatchError, EmptyRawObjectError, FormatMismatchError } from '../errors.js';
import { Readable, Writable } from 'node:stream';
import { convertToBronze } from '../convert.js';
import { EXTRACT_TIME, INGESTED_AT, MASKING_KEY, ParquetProbe, collector, convertRaw, convertText, gzip } from '../testing/bronze-fixture.js';

const HEADER = 'review_id,brewery_id,beer_id,profile_id,review_overall,review_aroma,review_appearance,review_palate,review_taste,review_time';
const review = { table: 'review', format: 'csv' } as const;
let probe: ParquetProbe;

beforeAll(async () => {
  probe = await ParquetProbe.open();
});
afterAll(async () => {
  await probe.close();
});

describe('convertToBronze, CSV extracts', () => {
  it('types every column, adds the system columns and round-trips through DuckDB', async () => {
    const text = `${HEADER}\n1,838,55192,16731,4.5,4,5,3.5,0,1240156664\n2,5036,12922,10114,,3.5,3.5,3.5,3.5,1324260311\n`;
    const { summary, parquet, quarantine } = await convertText(text, review);
    expect(quarantine).toEqual([]);
    expect(summary).toMatchObject({ rowsIn: 2, rowsOut: 2, rowsQuarantined: 0, bytesOut: parquet.length });
    const rows = await probe.query(
      parquet,
      `SELECT review_id, beer_id, review_overall, review_taste, epoch(review_time)::BIGINT AS review_time, op, epoch_us(change_ts) AS change_ts,
              change_txn_id, change_seq, raw_object_key, epoch_us(ingested_at) AS ingested_at FROM $file ORDER BY review_id`,
    );
    expect(rows).toEqual([
      { review_id: 1n, beer_id: 55192n, review_overall: 4.5, review_taste: 0, review_time: 1240156664n, op: 'load', change_ts: BigInt(EXTRACT_TIME.getTime()) * 1000n, change_txn_id: null, change_seq: 1n, raw_object_key: 'raw/review/test.csv.gz', ingested_at: BigInt(INGESTED_AT.getTime()) * 1000n },
      { review_id: 2n, beer_id: 12922n, review_overall: null, review_taste: 3.5, review_time: 1324260311n, op: 'load', change_ts: BigInt(EXTRACT_TIME.getTime()) * 1000n, change_txn_id: null, change_seq: 2n, raw_object_key: 'raw/review/test.csv.gz', ingested_at: BigInt(INGESTED_AT.getTime()) * 1000n },
    ]);
  });

  it('writes the manifest field ids and types into the Parquet schema', async () => {
    const { parquet } = await convertText(`${HEADER}\n1,2,3,4,5,5,5,5,5,0\n`, review);
    const schema = await probe.query(parquet, `SELECT name, type, logical_type, field_id FROM parquet_schema($file) WHERE field_id IS NOT NULL`);
    const expected = columnarSchema(getTable(lakeManifest(), 'bronze.review'));
    expect(schema.map((c) => [c.name, c.field_id])).toEqual(expected.map((f) => [f.name, BigInt(f.fieldId)]));
    expect(schema.map((c) => c.type)).toEqual(expected.map((f) => f.parquet.physical));
    const logical = Object.fromEntries(schema.map((c) => [c.name, c.logical_type]));
    expect(logical.review_time).toMatch(/isAdjustedToUTC=1.*MICROS=MicroSeconds/);
    expect(logical.op).toBe('StringType()');
  });

  it('keeps 64-bit ids above 2^53 exactly, a real 0 as 0, and an empty field as NULL', async () => {
    const text = `${HEADER}\n9007199254740993,9223372036854775807,3,4,0,0.0,,-0.5,1e1,0\n`;
    const { parquet, quarantine } = await convertText(text, review);
    expect(quarantine).toEqual([]);
    const [row] = await probe.query(parquet, 'SELECT review_id, brewery_id, review_overall, review_aroma, review_appearance, review_palate, review_taste FROM $file');
    expect(row).toEqual({ review_id: 9007199254740993n, brewery_id: 9223372036854775807n, review_overall: 0, review_aroma: 0, review_appearance: null, review_palate: -0.5, review_taste: 10 });
  });

  it('quarantines bad rows with their line and a reason naming the column and value, and keeps the rest', async () => {
    const lines = [
      HEADER,
      '1,2,3,4,5,5,5,5,5,1240156664',
      '2,2,3,4,abc,5,5,5,5,1240156664',
      '3,2,3',
      '4,,3,4,5,5,5,5,5,1240156664',
      '5,2,3,4,5,5,5,5,5,yesterday',
      '99999999999999999999,2,3,4,5,5,5,5,5,0',
      '6,2,3,4,5,5,5,5,5,1240156664',
    ];
    const { summary, parquet, quarantine } = await convertText(`${lines.join('\r\n')}\r\n`, review);
    expect(quarantine).toEqual([
      { line: 3, reason: 'column review_overall: "abc" is not a number', raw: lines[2] },
      { line: 4, reason: 'expected 10 fields, found 3', raw: lines[3] },
      { line: 5, reason: 'column brewery_id: null, but a value is required (NOT NULL in the source)', raw: lines[4] },
      { line: 6, reason: 'column review_time: "yesterday" is not unix seconds (an integer) within the 64-bit range', raw: lines[5] },
      { line: 7, reason: 'column review_id: "99999999999999999999" is not an integer within the 64-bit range', raw: lines[6] },
    ]);
    expect(summary).toMatchObject({ rowsIn: 7, rowsOut: 2, rowsQuarantined: 5 });
    // change_seq is the data row number, so the rows keep their place in the file.
    expect(await probe.query(parquet, 'SELECT review_id, change_seq FROM $file ORDER BY change_seq')).toEqual([
      { review_id: 1n, change_seq: 1n },
      { review_id: 6n, change_seq: 7n },
    ]);
  });

  it('accepts the header columns in any order and a UTF-8 byte order mark', async () => {
    const header = HEADER.split(',').reverse().join(',');
    const { parquet } = await convertText(`\uFEFF${header}\n1240156664,5,4,3,2,1,4,3,2,1\n`, review);
    expect(await probe.query(parquet, 'SELECT review_id, profile_id, review_overall, review_taste FROM $file')).toEqual([{ review_id: 1n, profile_id: 4n, review_overall: 1, review_taste: 5 }]);
  });

  it('fails the whole file when the header is not the source columns, naming what differs', async () => {
    const renamed = HEADER.replace('beer_id', 'beer');
    const failure = convertText(`${renamed}\n1,2,3,4,5,5,5,5,5,0\n`, review);
    await expect(failure).rejects.toThrow(CsvHeaderMismatchError);
    await expect(failure).rejects.toThrow(/missing beer_id; unexpected beer/);
    await expect(convertText(`${HEADER},extra\n`, review)).rejects.toThrow(/unexpected extra/);
  });

  it('writes a valid empty Parquet file for a header-only extract', async () => {
    const { summary, parquet } = await convertText(`${HEADER}\n`, review);
    expect(summary).toMatchObject({ rowsIn: 0, rowsOut: 0 });
    expect(await probe.query(parquet, 'SELECT count(*) AS n FROM $file')).toEqual([{ n: 0n }]);
    expect((await probe.query(parquet, 'SELECT count(*) AS n FROM parquet_schema($file)'))[0]).toEqual({ n: 17n });
  });

  it('rejects a 0-byte object as empty, and a gzip of nothing as having no header', async () => {
    await expect(convertRaw(Buffer.alloc(0), review)).rejects.toThrow(EmptyRawObjectError);
    await expect(convertRaw(gzip(''), review)).rejects.toThrow(/no header row/);
  });

  it('fails a truncated gzip stream naming the object, and destroys the output instead of ending it', async () => {
    const raw = gzip(`${HEADER}\n${'1,2,3,4,5,5,5,5,5,0\n'.repeat(1000)}`);
    const failure = convertRaw(raw.subarray(0, raw.length - 20), review);
    await expect(failure).rejects.toThrow(CorruptRawObjectError);
    await expect(failure).rejects.toThrow(/raw\/review\/test\.csv\.gz/);
    const output = collector();
    await expect(
      convertToBronze({
        table: 'review',
        format: 'csv',
        input: Readable.from([raw.subarray(0, raw.length - 20)]),
        rawObjectKey: 'raw/review/cut.csv.gz',
        ingestedAt: INGESTED_AT,
        batchChangeTs: EXTRACT_TIME,
        masking: { key: MASKING_KEY },
        output: output.stream,
        quarantine: collector().stream,
      }),
    ).rejects.toThrow(CorruptRawObjectError);
    expect(output.stream.destroyed).toBe(true);
    expect(output.stream.writableFinished).toBe(false);
  });

  it('reads every member of a multi-member gzip stream', async () => {
    const raw = Buffer.concat([gzipSync(`${HEADER}\n1,2,3,4,5,5,5,5,5,0\n`), gzipSync('2,2,3,4,5,5,5,5,5,0\n3,2,3,4,5,5,5,5,5,0\n')]);
    const { parquet, summary } = await convertRaw(raw, review, 64);
    expect(summary.rowsOut).toBe(3);
    expect(await probe.query(parquet, 'SELECT sum(review_id)::BIGINT AS s FROM $file')).toEqual([{ s: 6n }]);
  });

  it('refuses NDJSON content declared as CSV', async () => {
    await expect(convertText('{"review_id": 1}\n', review)).rejects.toThrow(FormatMismatchError);
  });

  it('writes one row group per rowGroupSize rows, streaming them as they fill', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i + 1},2,3,4,5,5,5,5,5,0`);
    const { parquet } = await convertText(`${HEADER}\n${rows.join('\n')}\n`, { ...review, rowGroupSize: 10 });
    expect(await probe.query(parquet, 'SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata($file) GROUP BY ALL ORDER BY 1')).toEqual([
      { row_group_id: 0n, n: 10n },
      { row_group_id: 1n, n: 10n },
      { row_group_id: 2n, n: 5n },
    ]);
  });

  it('fails when the output fails, and reports progress while it runs', async () => {
    const progress: number[] = [];
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });
    const rows = Array.from({ length: 70_000 }, (_, i) => `${i + 1},2,3,4,5,5,5,5,5,0`).join('\n');
    const failure = convertToBronze({
      table: 'review',
      format: 'csv',
      input: Readable.from([gzip(`${HEADER}\n${rows}\n`)]),
      rawObjectKey: 'raw/review/broken.csv.gz',
      ingestedAt: INGESTED_AT,
      batchChangeTs: EXTRACT_TIME,
      masking: { key: MASKING_KEY },
      output: broken,
      quarantine: collector().stream,
      onProgress: (rowsRead) => progress.push(rowsRead),
    });
    await expect(failure).rejects.toThrow('disk full');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
