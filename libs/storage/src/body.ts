import { Readable } from 'node:stream';
import type { ObjectBody } from './object-store.js';

/**
 * Takes charge of a put() body's errors from the moment put() is called. Adapters start reading a stream only after
 * some awaits, and an 'error' emitted before that would find no listener and crash the process. With this listener
 * the destroyed stream keeps its error, and the adapter's read of it fails the put with that error.
 */
export function adoptBody(body: ObjectBody): void {
  if (body instanceof Readable) body.on('error', () => undefined);
}
