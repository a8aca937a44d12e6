import { describe, expect, it } from 'vitest';
import { FormatMismatchError } from './errors.js';
import { sniffFormat } from './sniff.js';

describe('sniffFormat', () => {
  it('recognises a CSV extract by its header and NDJSON by its first brace', () => {
    expect(sniffFormat(Buffer.from('profile_id,profile_name,email,state\n1,a,b,VA\n'), 'profile')).toBe('csv');
    expect(sniffFormat(Buffer.from('\uFEFF"state",email,profile_name,profile_id\r\n'), 'profile')).toBe('csv');
    expect(sniffFormat(Buffer.from('\n  {"profile_id": 1}\n'), 'profile', { declared: 'ndjson' })).toBe('ndjson');
  });

  it('names both formats when the content disagrees with the declared one', () => {
    expect(() => sniffFormat(Buffer.from('{"profile_id": 1}'), 'profile', { declared: 'csv' })).toThrow(FormatMismatchError);
    expect(() => sniffFormat(Buffer.from('{"profile_id": 1}'), 'profile', { declared: 'csv' })).toThrow(/declared csv .* looks like ndjson/);
  });

  it('says what it saw when the content is neither', () => {
    expect(() => sniffFormat(Buffer.from('review_id,beer_id\n'), 'profile', { declared: 'csv' })).toThrow(/first line "review_id,beer_id" is no JSON object nor the header of source.profile/);
  });
});
