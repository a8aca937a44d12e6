import { describe, expect, it } from 'vitest';
import { scaleBlock, summaryBlock } from './report.js';
import type { ScaleFigures } from './scale-run.js';

const figures = (scale: number, rows: number, wallMs: number): ScaleFigures => ({
  scale,
  budget: '2GB',
  rows,
  seed: { name: 'seed', wallMs: 1000, cpuMs: 900, peakRssBytes: 100e6, rows },
  ingest: { name: 'ingest (4 extracts)', wallMs: 4000, cpuMs: 3000, peakRssBytes: 300e6, rows },
  stages: [
    {
      name: 'MergeSilverTables',
      wallMs: wallMs / 2,
      cpuMs: wallMs,
      peakRssBytes: 1.2e9,
      peakSpillBytes: 0,
      rows,
      jobs: [
        { name: 'silver.beer', wallMs: 200, rows: rows / 4 },
        { name: 'silver.review', wallMs: wallMs / 2, rows: (rows * 3) / 4 },
      ],
    },
    { name: 'RecomputeGoldTables', wallMs: wallMs / 4, cpuMs: wallMs / 4, peakRssBytes: 1.4e9, peakSpillBytes: 25e6, rows, jobs: [{ name: 'gold.top_drinkers', wallMs: wallMs / 4, rows }] },
  ],
  processAll: { name: 'process all', wallMs, cpuMs: 2 * wallMs, peakRssBytes: 1.4e9, peakSpillBytes: 25e6, rows },
  loadAverage: [1.5, 2.25],
});

const cells = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/);

describe('the report', () => {
  it('shows each stage with its jobs under it, what process all spent outside the stages, and the machine load', () => {
    const lines = scaleBlock(figures(1, 2_000_000, 8000));
    expect(lines[0]).toBe('scale 1: 2,000,000 rows in the extracts; memory budget 2GB; load average 1.5 → 2.3 over process all');
    const row = (name: string) => cells(lines.find((l) => l.trim().startsWith(name)));
    expect(row('MergeSilverTables (2 jobs)')).toEqual(['MergeSilverTables (2 jobs)', '4.00', '8.00', '1,200', '2,000,000', '500,000', '0']);
    expect(row('silver.beer')).toEqual(['silver.beer', '0.20', '·', '·', '500,000', '2,500,000', '·']);
    expect(row('RecomputeGoldTables (1 job)')).toEqual(['RecomputeGoldTables (1 job)', '2.00', '2.00', '1,400', '2,000,000', '1,000,000', '25']);
    expect(row('seed')).toEqual(['seed', '1.00', '0.90', '100', '2,000,000', '2,000,000', '–']);
    // 8 s in all, 6 in the stages; 16 s of CPU, 10 in the stages.
    expect(row('(outside the stages)')).toEqual(['(outside the stages)', '2.00', '6.00', '·', '·']);
    expect(row('process all')).toEqual(['process all', '8.00', '16.00', '1,400', '2,000,000', '250,000', '25']);
  });

  it('sums process all up by rows, with the wall time per million rows', () => {
    const lines = summaryBlock([figures(3, 6_000_000, 30_000), figures(1, 2_000_000, 8000)]);
    expect(cells(lines[1])).toEqual(['scale', 'rows', 'wall s', 'CPU s', 'peak RSS MB', 'rows/s', 'spill peak MB', 'wall s per M rows']);
    expect(cells(lines[2])).toEqual(['1', '2,000,000', '8.00', '16.00', '1,400', '250,000', '25', '4.00']);
    expect(cells(lines[3])).toEqual(['3', '6,000,000', '30.00', '60.00', '1,400', '200,000', '25', '5.00']);
  });
});
