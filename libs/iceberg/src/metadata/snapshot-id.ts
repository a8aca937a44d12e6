// Snapshot ids. The spec makes them longs and Iceberg Java draws them from 63 random bits, so most lie beyond
// the integers a JavaScript number holds exactly (2^53). Here they are decimal strings, compared with ===
// and safe in any JSON; only the files hold them as numbers (JSON numbers, Avro longs).
import { randomInt } from 'node:crypto';
import { InvalidSnapshotIdError } from '../errors.js';

/** A snapshot id in canonical decimal form, e.g. "4806763671727586483" (no leading zeros, "-" only if negative). */
export type SnapshotId = string;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The id of a long read from a file (a JSON number, an Avro long); undefined when it is no long. */
export function snapshotIdOfLong(value: number | bigint): SnapshotId | undefined {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return undefined;
  const long = BigInt(value);
  return long < LONG_MIN || long > LONG_MAX ? undefined : long.toString();
}

/** Reads a decimal snapshot id (e.g. an option of a command), in canonical form; throws InvalidSnapshotIdError. */
export function parseSnapshotId(text: string): SnapshotId {
  if (!/^-?\d+$/.test(text)) throw new InvalidSnapshotIdError(text, 'it is not a decimal integer');
  const id = snapshotIdOfLong(BigInt(text));
  if (id === undefined) throw new InvalidSnapshotIdError(text, 'it is outside the range of a long');
  return id;
}

/** The id of a new snapshot of a table that has the snapshots `taken`: the given one, or a random unused one. */
export function newSnapshotId(taken: ReadonlySet<SnapshotId>, requested?: SnapshotId): SnapshotId {
  if (requested !== undefined) {
    const id = parseSnapshotId(requested);
    // A current-snapshot-id of -1 means "no snapshot" to readers of older metadata (ours too).
    if (BigInt(id) <= 0n) throw new InvalidSnapshotIdError(requested, 'a new snapshot needs a positive id');
    if (taken.has(id)) throw new InvalidSnapshotIdError(requested, 'the table already has a snapshot with this id');
    return id;
  }
  let id: SnapshotId;
  // randomInt draws below 2^48 at most; any positive long would do.
  do id = String(randomInt(1, 2 ** 48 - 1));
  while (taken.has(id));
  return id;
}
