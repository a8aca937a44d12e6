import { jobArguments } from '@datamaster/lake-contract';
import { describe, expect, it } from 'vitest';
import { InvalidJobArgumentsError } from './errors.js';
import { causeOf } from './fail-work.js';
import { jobRequestOf } from './run-processing.js';
import { partitionsDigest } from './settle-work.js';

describe('the processing driver', () => {
  it('reads a job request back from the arguments the state machine gives EMR Serverless', () => {
    const args = jobArguments({ layer: 'gold', table: 'top_drinkers', executionId: 'arn:x', workKey: 'work/gold/top_drinkers/w.json' });
    expect(jobRequestOf({ JobDriver: { SparkSubmit: { EntryPointArguments: args } } })).toEqual({ layer: 'gold', table: 'top_drinkers', executionId: 'arn:x', workKey: 'work/gold/top_drinkers/w.json' });
    expect(() => jobRequestOf({ JobDriver: { SparkSubmit: { EntryPointArguments: ['--layer', 'gold', '--table', 't'] } } })).toThrow(InvalidJobArgumentsError);
  });

  it('reports the message inside a caught task error', () => {
    expect(causeOf({ Error: 'States.TaskFailed', Cause: JSON.stringify({ errorMessage: 'silver.beer: bad file' }) })).toBe('silver.beer: bad file');
    expect(causeOf({ Error: 'JobFailedError', Cause: 'plain text' })).toBe('plain text');
    expect(causeOf({ Error: 'States.Timeout' })).toBe('States.Timeout');
  });

  it('gives two runs over the same partitions, in any order, the same input digest', () => {
    const a = [{ review_year: 2010, review_month: 1 }, { review_year: 2010, review_month: 2 }];
    expect(partitionsDigest(a)).toBe(partitionsDigest([...a].reverse()));
    expect(partitionsDigest(a)).not.toBe(partitionsDigest(a.slice(1)));
  });
});
