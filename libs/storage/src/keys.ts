import { InvalidObjectKeyError } from './errors.js';

/** S3's limit; enforced in every adapter so a key that works locally works on AWS. */
const MAX_KEY_BYTES = 1024;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Keys are relative paths, so that one key means the same object in a folder and in a bucket. Throws
 * InvalidObjectKeyError naming the key.
 */
export function validateObjectKey(key: string): void {
  const reason = pathProblem(key) ?? segmentProblem(key.split('/'));
  if (reason !== undefined) throw new InvalidObjectKeyError(key, reason);
}

/** A prefix is a key's beginning: "" (everything), "raw/", or a partial name such as "raw/rev". */
export function validateListPrefix(prefix: string): void {
  if (prefix === '') return;
  // The last segment may be partial ("raw/rev", "raw/", "a/..x"): only whole segments before it are checked.
  const reason = pathProblem(prefix) ?? segmentProblem(prefix.split('/').slice(0, -1));
  if (reason !== undefined) throw new InvalidObjectKeyError(prefix, reason, 'prefix');
}

function pathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  if (path.startsWith('/')) return 'it is absolute';
  if (path.includes('\\')) return 'it contains a backslash';
  if (CONTROL_CHARACTER.test(path)) return 'it contains a control character';
  if (Buffer.byteLength(path, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} UTF-8 bytes`;
  return undefined;
}

function segmentProblem(segments: readonly string[]): string | undefined {
  if (segments.includes('')) return 'it has an empty segment';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it has a "." or ".." segment';
  return undefined;
}

/** Orders keys as S3 does (UTF-8 bytes), which differs from JavaScript's UTF-16 order above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
