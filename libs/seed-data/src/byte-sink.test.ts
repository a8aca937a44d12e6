import { describe, expect, it } from 'vitest';
import { ByteSink } from './byte-sink.js';

describe('ByteSink', () => {
  it('writes integers as decimal text, as String() does', () => {
    const values = [0, 7, 10, 1_356_998_399, -42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const sink = new ByteSink(8);
    for (const value of values) {
      sink.integer(value);
      sink.byte(0x20);
    }
    expect(sink.take().toString('utf8')).toBe(values.map((value) => `${String(value)} `).join(''));
  });

  it('writes text as UTF-8, including text that is not ASCII', () => {
    const texts = ['American IPA', 'Märzen / Oktoberfest', 'Kölsch 🍺', ''];
    const sink = new ByteSink(4);
    for (const text of texts) sink.text(text);
    expect(sink.take()).toEqual(Buffer.from(texts.join(''), 'utf8'));
  });

  it('grows past its initial capacity and starts over empty after take()', () => {
    const sink = new ByteSink(4);
    sink.text('x'.repeat(100));
    expect(sink.size).toBe(100);
    expect(sink.take().length).toBe(100);
    expect(sink.size).toBe(0);
    sink.text('ab');
    expect(sink.take().toString()).toBe('ab');
  });
});
