import { describe, expect, it } from 'vitest';
import { batchObjectKey, bronzeObjectKey, downstreamWorkKey, quarantineObjectKey, tableLocation, tableOfRawKey, workFileKey } from './layout.js';

describe('the lake layout', () => {
  it('names bronze and quarantine objects after the raw object and its registration day', () => {
    const raw = { table: 'review', objectKey: 'raw/review/batch-0123-review.csv.gz', registeredAt: '2024-05-06T07:08:09.000Z' };
    expect(bronzeObjectKey(raw)).toBe('bronze/review/ingest_date=2024-05-06/batch-0123-review.parquet');
    expect(quarantineObjectKey(raw)).toBe('quarantine/review/ingest_date=2024-05-06/batch-0123-review.ndjson');
  });

  it('keys raw objects by table, and knows which keys are raw objects of a table', () => {
    expect(batchObjectKey('beer', 'ab'.repeat(32), 'my beer (1).csv.gz')).toBe(`raw/beer/batch-${'ab'.repeat(8)}-my_beer_1_.csv.gz`);
    expect(tableOfRawKey('raw/beer/x.gz')).toBe('beer');
    expect(tableOfRawKey('raw/_control/x.gz')).toBeUndefined();
  });

  it('places tables, work files and downstream work', () => {
    expect(tableLocation('file:///lake/', 'gold', 'top_drinkers')).toBe('file:///lake/gold/top_drinkers');
    expect(workFileKey('silver', 'review', 'w1')).toBe('work/silver/review/w1.json');
    expect(downstreamWorkKey({ layer: 'silver', name: 'review_flat' }, 'silver.review', '42')).toBe('silver/review_flat/inputs/silver.review@42');
  });
});
