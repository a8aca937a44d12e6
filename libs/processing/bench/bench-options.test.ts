import { describe, expect, it } from 'vitest';
import { BenchUsageError, DEFAULT_SCALES, parseBenchOptions, USAGE } from './bench-options.js';

describe('the scale bench options', () => {
  it('default to scales 1, 3 and 10, the lake home budget, tables, data deleted', () => {
    expect(parseBenchOptions([])).toEqual({ scales: DEFAULT_SCALES, keep: false, json: false });
    expect(DEFAULT_SCALES).toEqual([1, 3, 10]);
  });

  it('read scales in their order, a memory limit to pass on, --keep and --json', () => {
    expect(parseBenchOptions(['--scales', '0.3, 0.1', '--memory-limit', '1GB', '--keep', '--json'])).toEqual({ scales: [0.3, 0.1], memoryLimit: '1GB', keep: true, json: true });
    expect(parseBenchOptions(['--scales=2'])).toMatchObject({ scales: [2] });
  });

  it.each([
    [['--scales', '0'], '--scales "0": "0" is not a scale'],
    [['--scales', '1,,3'], '--scales "1,,3": "" is not a scale'],
    [['--scales=-1'], '"-1" is not a scale'],
    [['--scales', 'ten'], '"ten" is not a scale'],
    [['--scales', '1,1'], 'scale 1 is given twice'],
    [['--memory-limit', ' '], '--memory-limit needs a size'],
    [['--scale', '1'], "Unknown option '--scale'"],
    [['--keep', 'now'], "Unexpected argument 'now'"],
    [['--scales'], "Option '--scales <value>' argument missing"],
  ])('refuse %j, saying why and how to call the bench', (args, problem) => {
    const parse = () => parseBenchOptions(args);
    expect(parse).toThrow(BenchUsageError);
    expect(parse).toThrow(problem);
    expect(parse).toThrow(USAGE);
  });
});
