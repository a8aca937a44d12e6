// Where the Iceberg layer reads and writes its files. Locations are URIs as written into metadata
// (file:///… locally, s3://… later), so the same metadata is valid for every reader of the table.

/** A listed file. S3's ListObjectsV2 returns all three, so listing never needs a request per file. */
export interface FileInfo {
  readonly location: string;
  readonly size: number;
  /** When the file was last written: orphan deletion spares files young enough to be a commit in progress. */
  readonly lastModified: Date;
}

export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  /** Writes the whole file or nothing: readers never see a partial file. */
  write(location: string, bytes: Uint8Array): Promise<void>;
  delete(location: string): Promise<void>;
  /** Every file under the prefix, recursively, with locations in the same scheme, sorted by location. */
  list(prefix: string): Promise<FileInfo[]>;
}
