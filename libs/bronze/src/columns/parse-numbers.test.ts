import { describe, expect, it } from 'vitest';
import { parseBigInteger, parseDecimal, parseSmallInteger } from './parse-numbers.js';

const at = (text: string, parse: (buf: Buffer, start: number, end: number) => number) => {
  // Embedded in other bytes: the parsers must honour [start, end).
  const buf = Buffer.from(`#${text}#`);
  return parse(buf, 1, buf.length - 1);
};

describe('parseSmallInteger', () => {
  it.each([
    ['0', 0],
    ['-17', -17],
    ['+42', 42],
    ['999999999999999', 999_999_999_999_999],
  ])('reads %s', (text, value) => expect(at(text, parseSmallInteger)).toBe(value));

  it.each(['', '-', '1.5', '12a', ' 1', '1234567890123456'])('rejects %j (16+ digits go to parseBigInteger)', (text) => {
    expect(at(text, parseSmallInteger)).toBeNaN();
  });
});

describe('parseBigInteger', () => {
  it('keeps 64-bit values exactly, beyond 2^53', () => {
    expect(parseBigInteger('9007199254740993')).toBe(9007199254740993n);
    expect(parseBigInteger('-9223372036854775808')).toBe(-(2n ** 63n));
  });

  it('rejects values outside the 64-bit range and non-integers', () => {
    expect(parseBigInteger('9223372036854775808')).toBeUndefined();
    expect(parseBigInteger('1e3')).toBeUndefined();
  });
});

describe('parseDecimal', () => {
  it.each(['4.5', '0', '0.0', '-0.25', '3.14159', '1e3', '-2.5E-3', '.5', '5.', '123456789012345678', '0.1', '2.675'])(
    'reads %s exactly as Number() does',
    (text) => expect(Object.is(at(text, parseDecimal), Number(text))).toBe(true),
  );

  it('keeps a real zero a zero', () => {
    expect(at('0', parseDecimal)).toBe(0);
    expect(at('0.0', parseDecimal)).toBe(0);
  });

  it.each(['', 'abc', '1.2.3', '-', 'NaN', 'Infinity', '1e999', '4,5'])('rejects %j', (text) => expect(at(text, parseDecimal)).toBeNaN());
});
