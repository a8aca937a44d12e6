// What a raw object carries besides its bytes. The format travels with the object (its metadata, then the ledger
// record), so nothing is ever guessed from a file-name substring.

export const RAW_FORMATS = ['csv', 'ndjson'] as const;
export type RawFormat = (typeof RAW_FORMATS)[number];

/** User metadata on every raw object (S3 user metadata keys: lower case). */
export const RAW_METADATA = {
  format: 'format',
  table: 'table',
  /** 'batch' for extracts, 'cdc' for the delivery stream. */
  source: 'source',
  /** ISO time the batch extract was taken: the change_ts of its rows. */
  extractedAt: 'extracted-at',
} as const;
