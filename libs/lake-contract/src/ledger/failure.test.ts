import { describe, expect, it } from 'vitest';
import { describeFailure, MAX_ERROR_BYTES, retryDelayMs, truncateErrorMessage } from './failure.js';
import { RETRY_BACKOFF } from '../defaults.js';

describe('retryDelayMs', () => {
  it('doubles from 2 s per failed attempt and stops at 5 minutes by default', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, RETRY_BACKOFF))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelayMs(8, RETRY_BACKOFF)).toBe(256_000);
    expect(retryDelayMs(9, RETRY_BACKOFF)).toBe(300_000);
    expect(retryDelayMs(60, RETRY_BACKOFF)).toBe(300_000);
  });

  it('uses the base and cap it is given', () => {
    expect([1, 2, 3].map((attempts) => retryDelayMs(attempts, { baseMs: 10, capMs: 25 }))).toEqual([10, 20, 25]);
  });
});

describe('truncateErrorMessage', () => {
  it('keeps a message that fits', () => {
    const message = 'x'.repeat(MAX_ERROR_BYTES);
    expect(truncateErrorMessage(message)).toBe(message);
  });

  it('cuts a long message to 4 KB of UTF-8 on a character boundary and marks the cut', () => {
    const message = '€'.repeat(5_000);
    const cut = truncateErrorMessage(message);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    expect(Buffer.byteLength(cut)).toBeGreaterThanOrEqual(MAX_ERROR_BYTES - 2);
    expect(cut).toMatch(/^€+ … \[truncated\]$/);
  });

  it('gives an empty message something to read', () => {
    expect(describeFailure('  ')).toBe('the worker failed without an error message');
    expect(describeFailure('boom')).toBe('boom');
  });
});
