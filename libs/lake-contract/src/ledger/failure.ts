import type { BackoffOptions } from './model.js';

/** DynamoDB items are at most 400 KB; a stack trace or a whole bad row must not make the failure unrecordable. */
export const MAX_ERROR_BYTES = 4096;
const TRUNCATION_MARK = ' … [truncated]';
const utf8 = new TextEncoder();
const byteLength = (text: string): number => utf8.encode(text).length;

/** The wait before the attempt after `attempts` failed ones: baseMs × 2^(attempts − 1), at most capMs. */
export function retryDelayMs(attempts: number, backoff: BackoffOptions): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Cuts the message to MAX_ERROR_BYTES of UTF-8 on a character boundary, marking the cut. */
export function truncateErrorMessage(message: string): string {
  if (byteLength(message) <= MAX_ERROR_BYTES) return message;
  const budget = MAX_ERROR_BYTES - byteLength(TRUNCATION_MARK);
  let bytes = 0;
  let end = 0;
  for (const char of message) {
    bytes += byteLength(char);
    if (bytes > budget) break;
    end += char.length;
  }
  return message.slice(0, end) + TRUNCATION_MARK;
}

/** A worker may throw with an empty message; the failure is still worth recording, with something to read. */
export function describeFailure(message: string): string {
  return message.trim() === '' ? 'the worker failed without an error message' : truncateErrorMessage(message);
}
