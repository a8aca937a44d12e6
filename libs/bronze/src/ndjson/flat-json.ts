// A parser for one flat JSON object per line, on the raw bytes: it finds each member's key and
// value spans without building objects, and keeps numbers as their digits, so 64-bit ids survive
// exactly (JSON.parse would round them to doubles).
import { isUtf8 } from 'node:buffer';
import { JSON_BOOLEAN, JSON_NUMBER, JSON_STRING } from '../columns/cell-writers.js';

export const JSON_NULL = 4;
export type JsonValueKind = typeof JSON_STRING | typeof JSON_NUMBER | typeof JSON_BOOLEAN | typeof JSON_NULL;

export interface FlatJsonObject {
  /** Member i: key [bounds[4i], bounds[4i+1]), value [bounds[4i+2], bounds[4i+3]) — strings without their quotes. */
  readonly bounds: Int32Array;
  readonly kinds: Uint8Array;
  /** Whether member i's key (bit 0) or value (bit 1) holds escapes to undo. */
  readonly escapes: Uint8Array;
  count: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS = [
  [Buffer.from('true'), JSON_BOOLEAN],
  [Buffer.from('false'), JSON_BOOLEAN],
  [Buffer.from('null'), JSON_NULL],
] as const;

export function flatJsonObject(maxMembers: number): FlatJsonObject {
  return { bounds: new Int32Array(4 * maxMembers), kinds: new Uint8Array(maxMembers), escapes: new Uint8Array(maxMembers), count: 0 };
}

class JsonSyntaxError extends Error {}

/** Parses the object spanning [start, end) into `out`; returns undefined, or why the text is not a flat JSON object. */
export function parseFlatJsonObject(buf: Buffer, start: number, end: number, out: FlatJsonObject): string | undefined {
  let i = start;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at column ${i - start + 1}`);
  };
  const skipSpace = () => {
    while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === CR || buf[i] === LF)) i++;
  };
  const string = (): boolean => {
    let escaped = false;
    for (i++; i < end; i++) {
      const byte = buf[i] as number;
      if (byte === QUOTE) return escaped;
      if (byte < SPACE) fail('a control character inside a string');
      if (byte === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    return fail('an unterminated string');
  };
  try {
    out.count = 0;
    skipSpace();
    if (buf[i] !== 0x7b) fail('expected "{"');
    i++;
    skipSpace();
    if (buf[i] === 0x7d) i++;
    else {
      for (;;) {
        const m = out.count;
        if (m === out.kinds.length) fail(`more than ${m} keys`);
        skipSpace();
        if (buf[i] !== QUOTE) fail('expected a key');
        out.bounds[4 * m] = i + 1;
        let escapes = string() ? 1 : 0;
        out.bounds[4 * m + 1] = i++;
        skipSpace();
        if (buf[i] !== 0x3a) fail('expected ":"');
        i++;
        skipSpace();
        const byte = buf[i];
        if (byte === QUOTE) {
          out.bounds[4 * m + 2] = i + 1;
          if (string()) escapes |= 2;
          out.bounds[4 * m + 3] = i++;
          out.kinds[m] = JSON_STRING;
        } else if (byte === 0x7b || byte === 0x5b) {
          fail('a nested object or array (bronze takes flat rows)');
        } else {
          const valueStart = i;
          while (i < end && buf[i] !== 0x2c && buf[i] !== 0x7d && buf[i] !== SPACE && buf[i] !== TAB && buf[i] !== CR && buf[i] !== LF) i++;
          out.bounds[4 * m + 2] = valueStart;
          out.bounds[4 * m + 3] = i;
          out.kinds[m] = literalKind(buf, valueStart, i) ?? fail('an invalid value');
        }
        out.escapes[m] = escapes;
        out.count++;
        skipSpace();
        if (buf[i] === 0x2c) i++;
        else if (buf[i] === 0x7d) {
          i++;
          break;
        } else fail('expected "," or "}"');
      }
    }
    skipSpace();
    if (i < end) fail('text after the object');
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.message;
    throw error;
  }
}

function literalKind(buf: Buffer, start: number, end: number): JsonValueKind | undefined {
  for (const [text, kind] of LITERALS) if (end - start === text.length && buf.compare(text, 0, text.length, start, end) === 0) return kind;
  return NUMBER_TEXT.test(buf.toString('latin1', start, end)) ? JSON_NUMBER : undefined;
}

/**
 * Undoes JSON string escapes of [start, end) into `scratch` (grown as needed); returns the UTF-8
 * length, or -1 for a bad escape or invalid UTF-8.
 */
export function unescapeJsonString(buf: Buffer, start: number, end: number, scratch: { buf: Buffer }): number {
  if (!isUtf8(buf.subarray(start, end))) return -1;
  const text = buf.toString('utf8', start, end);
  let value: unknown;
  try {
    value = JSON.parse(`"${text}"`);
  } catch {
    return -1;
  }
  const needed = Buffer.byteLength(value as string);
  if (scratch.buf.length < needed) scratch.buf = Buffer.alloc(2 * needed);
  return scratch.buf.write(value as string, 0);
}
