// Where the Iceberg layer reads and writes its files. Locations are URIs as written into metadata
// (file:///… locally, s3://… later), so the same metadata is valid for every reader of the table.

export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  /** Writes the whole file or nothing: readers never see a partial file. */
  write(location: string, bytes: Uint8Array): Promise<void>;
  delete(location: string): Promise<void>;
  /** Every file under the prefix, recursively, as locations in the same scheme. */
  list(prefix: string): Promise<string[]>;
}
