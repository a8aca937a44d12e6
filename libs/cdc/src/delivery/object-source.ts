import type { Readable } from 'node:stream';

/**
 * Where the delivery stream's objects are read back from (errors/, raw/_control/). @datamaster/storage's
 * ObjectStore satisfies it as it is; it is declared here so this domain library needs no storage adapter.
 */
export interface ObjectSource {
  listAll(prefix: string): AsyncIterable<{ readonly key: string; readonly lastModified: Date }>;
  get(key: string): Promise<Readable>;
}
