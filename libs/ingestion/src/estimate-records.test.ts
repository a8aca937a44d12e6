import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { estimateRecords } from './estimate-records.js';

function csv(rows: number, header = true): Buffer {
  const lines = header ? ['id,name'] : [];
  for (let i = 1; i <= rows; i++) lines.push(`${i},name ${i} ${'x'.repeat(i % 17)}`);
  return gzipSync(`${lines.join('\n')}\n`);
}

describe('estimateRecords', () => {
  it('counts a small object exactly, without the header', async () => {
    const gz = csv(1234);
    expect(await estimateRecords(Readable.from([gz]), { objectSize: gz.length, hasHeader: true })).toEqual({ records: 1234, exact: true });
  });

  it('counts a last line without a trailing newline, and an empty object as 0', async () => {
    const gz = gzipSync('{"a":1}\n{"a":2}');
    expect(await estimateRecords(Readable.from([gz]), { objectSize: gz.length, hasHeader: false })).toEqual({ records: 2, exact: true });
    const empty = gzipSync('');
    expect(await estimateRecords(Readable.from([empty]), { objectSize: empty.length, hasHeader: true })).toEqual({ records: 0, exact: true });
  });

  it('estimates a large object from a sample, within 10%, reading only the sample', async () => {
    const gz = csv(300_000);
    let served = 0;
    const body = Readable.from(
      (function* () {
        for (let offset = 0; offset < gz.length; offset += 64 * 1024) {
          served += Math.min(64 * 1024, gz.length - offset);
          yield gz.subarray(offset, offset + 64 * 1024);
        }
      })(),
    );
    const estimate = await estimateRecords(body, { objectSize: gz.length, hasHeader: true, sampleBytes: 256 * 1024 });
    expect(estimate.exact).toBe(false);
    expect(Math.abs(estimate.records - 300_000) / 300_000).toBeLessThan(0.1);
    expect(served).toBeLessThan(gz.length / 2);
  });
});

describe('estimateRecords on a corrupt object', () => {
  it('rejects instead of hanging when the bytes are not gzip', async () => {
    await expect(estimateRecords(Readable.from([Buffer.from('not gzip at all')]), { objectSize: 15, hasHeader: true })).rejects.toThrow(/incorrect header check/);
  });
});
