/**
 * A growing byte buffer that CSV text is appended to directly. Building each row as a string
 * first costs an allocation per field and per concatenation; at 15 million fields a file the
 * garbage collector then dominates the run.
 */
export class ByteSink {
  private bytes: Buffer;
  private length = 0;
  /** Scratch space for the digits of one integer, least significant first. */
  private readonly digits = new Uint8Array(16);

  constructor(private readonly initialCapacity: number) {
    this.bytes = Buffer.allocUnsafe(initialCapacity);
  }

  get size(): number {
    return this.length;
  }

  byte(code: number): void {
    this.reserve(1);
    this.bytes[this.length++] = code;
  }

  /** A safe integer in decimal, without allocating its string. */
  integer(value: number): void {
    this.reserve(17); // a sign and the 16 digits of Number.MAX_SAFE_INTEGER
    if (value < 0) this.bytes[this.length++] = 0x2d; // '-'
    let rest = Math.abs(value);
    let count = 0;
    do {
      const digit = rest % 10;
      this.digits[count++] = 0x30 + digit;
      rest = (rest - digit) / 10;
    } while (rest > 0);
    while (count > 0) this.bytes[this.length++] = this.digits[--count] as number;
  }

  /** UTF-8 text. ASCII is copied byte by byte: for short fields that beats a call into Buffer#write. */
  text(value: string): void {
    this.reserve(value.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 code unit
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        at += bytes.write(value.slice(i), at, 'utf8');
        break;
      }
      bytes[at++] = code;
    }
    this.length = at;
  }

  /** The bytes appended so far; the sink starts over empty, in a fresh buffer. */
  take(): Buffer {
    const taken = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(Math.max(this.initialCapacity, this.length));
    this.length = 0;
    return taken;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + bytes));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
