import { describe, expect, it } from 'vitest';
import { parseCsv } from './read-csv-gz.js';

// The dataset tests trust this parser to read the generated files, so it is checked on its own.
describe('parseCsv (test support)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('tells an empty unquoted field (NULL) from a quoted empty string', () => {
    expect(parseCsv('1,,""\n')).toEqual([['1', null, '']]);
  });

  it('reads a last line without a line break', () => {
    expect(parseCsv('1,2\n3,"4"')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b\n')).toThrow(/after a closing quote/);
  });
});
