// Replays a captured stream: JSON lines of DMS records, or of Kinesis records as
// `aws kinesis get-records` prints them. Each record comes out located ("<file> line N"), so a bad
// line is reported by the router with its line number instead of being skipped.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { LocatedRecord } from '../router/located-record.js';

/** A Kinesis record as the AWS CLI prints it: Data is the base64 of the DMS JSON. */
interface CapturedKinesisRecord {
  readonly SequenceNumber: string;
  readonly Data: string;
}

function isCapturedKinesisRecord(value: unknown): value is CapturedKinesisRecord {
  const record = value as Partial<CapturedKinesisRecord> | null;
  return typeof record === 'object' && record !== null && typeof record.Data === 'string' && typeof record.SequenceNumber === 'string';
}

/**
 * Every non-blank line of the file, in order, as a LocatedRecord holding the parsed DMS record,
 * the decoded text of a captured Kinesis record, or the line itself when it is not JSON.
 */
export async function* readReplayFile(path: string): AsyncIterable<LocatedRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const name = basename(path);
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const origin = `${name} line ${number}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield new LocatedRecord(origin, line, number);
      continue;
    }
    if (isCapturedKinesisRecord(value)) {
      yield new LocatedRecord(`${origin} (Kinesis sequence number ${value.SequenceNumber})`, Buffer.from(value.Data, 'base64').toString('utf8'), number);
    } else {
      yield new LocatedRecord(origin, value, number);
    }
  }
}
