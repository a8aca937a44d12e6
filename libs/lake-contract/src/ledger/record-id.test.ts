import { describe, expect, it } from 'vitest';
import { ledgerRecordId, normalizeEtag } from './record-id.js';

describe('ledgerRecordId', () => {
  const etag = '9b2cf535f27731c974343645a3985328';

  it('is the same for the same object version, whether or not the ETag is quoted', () => {
    const id = ledgerRecordId('bronze', 'raw/review/a.csv.gz', etag);
    expect(id).toMatch(/^bronze-[0-9a-f]{32}$/);
    expect(ledgerRecordId('bronze', 'raw/review/a.csv.gz', `"${etag}"`)).toBe(id);
    expect(normalizeEtag(`"${etag}"`)).toBe(etag);
    expect(normalizeEtag(etag)).toBe(etag);
  });

  it('differs for another layer, key or ETag, and cannot be forged by moving a separator', () => {
    const ids = [
      ledgerRecordId('bronze', 'raw/review/a.csv.gz', etag),
      ledgerRecordId('silver', 'raw/review/a.csv.gz', etag),
      ledgerRecordId('bronze', 'raw/review/b.csv.gz', etag),
      ledgerRecordId('bronze', 'raw/review/a.csv.gz', `${etag}-2`),
      ledgerRecordId('bronze', 'a#b', 'c'),
      ledgerRecordId('bronze', 'a', 'b#c'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
