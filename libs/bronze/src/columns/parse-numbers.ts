// Number parsing straight from the raw bytes, without making a string per value: the review
// extract alone holds 15 million numbers. Each parser returns NaN for text that is not its kind.

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
/** Up to 15 digits fit a double exactly, so no precision is lost on the fast path. */
const SAFE_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: SAFE_DIGITS + 1 }, (_, i) => 10 ** i);

/**
 * An integer of at most 15 digits, with an optional sign. Longer integers return NaN too; callers
 * that accept 64-bit values retry them with parseBigInteger.
 */
export function parseSmallInteger(buf: Buffer, start: number, end: number): number {
  let i = start;
  const sign = buf[i];
  if (sign === MINUS || sign === PLUS) i++;
  if (i === end || end - i > SAFE_DIGITS) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const digit = (buf[i] as number) - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return sign === MINUS ? -value : value;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A signed 64-bit integer of any length, or undefined when the text is not one (or out of range). */
export function parseBigInteger(text: string): bigint | undefined {
  if (!INTEGER_TEXT.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A finite decimal number. Plain decimals of up to 15 significant digits take the fast path:
 * digits / 10^k is exact in both operands, so the division rounds exactly as Number(text) does.
 */
export function parseDecimal(buf: Buffer, start: number, end: number): number {
  let i = start;
  const sign = buf[i];
  if (sign === MINUS || sign === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const byte = buf[i] as number;
    const digit = byte - ZERO;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (byte === DOT && fraction < 0) {
      fraction = 0;
    } else {
      return parseDecimalText(buf.toString('latin1', start, end));
    }
  }
  if (digits === 0) return Number.NaN;
  if (digits > SAFE_DIGITS) return parseDecimalText(buf.toString('latin1', start, end));
  const value = fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] as number) : mantissa;
  return sign === MINUS ? -value : value;
}

function parseDecimalText(text: string): number {
  if (!DECIMAL_TEXT.test(text)) return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}
