// Decoded manifests, kept by the bytes they hold rather than by how many there are: a manifest of a wide, busy table
// decodes to thousands of entries, each with per-column statistics, and a process that runs for hours (`up`) reads
// new manifests every cycle. A cap of 1,024 manifests let its V8 heap grow by about 45 KB per ingested object
// (measured in a 30-minute soak: 13,000 cached entries, 3.2 KB each, in 11 minutes).
import type { ManifestEntry } from './data-file.js';

/** What the cache may hold: the current manifests of every table of the soak's lake (about 1,100 data files) several times over. A full cache measured about 16,000 entries at 32 MiB. */
export const MANIFEST_CACHE_BUDGET_BYTES = 16 * 1024 * 1024;

/** Measured in heap snapshots: about 3.2 KB per entry of a 16-column table, i.e. 40 bytes per statistic value. */
const ENTRY_BASE_BYTES = 200;
const STATISTIC_VALUE_BYTES = 40;

/** The heap an entry's decoded form takes, estimated from its statistics (five maps of one value per column). */
export function estimatedEntryBytes(entry: ManifestEntry): number {
  const metrics = entry.file.metrics;
  if (metrics === undefined) return ENTRY_BASE_BYTES;
  const values = [metrics.columnSizes, metrics.valueCounts, metrics.nullValueCounts, metrics.lowerBounds, metrics.upperBounds].reduce((n, map) => n + (map === undefined ? 0 : Object.keys(map).length), 0);
  return ENTRY_BASE_BYTES + STATISTIC_VALUE_BYTES * values;
}

interface Cached {
  readonly entries: Promise<readonly ManifestEntry[]>;
  bytes: number;
}

/** Least recently used first out, once the decoded entries' estimated bytes pass the budget. */
export class DecodedManifestCache {
  private readonly cached = new Map<string, Cached>();
  private bytes = 0;

  constructor(private readonly budgetBytes = MANIFEST_CACHE_BUDGET_BYTES) {}

  /** The entries under `key`, decoding them with `decode` the first time (a failed decode is not kept). */
  get(key: string, decode: () => Promise<readonly ManifestEntry[]>): Promise<readonly ManifestEntry[]> {
    const hit = this.cached.get(key);
    if (hit !== undefined) {
      this.cached.delete(key);
      this.cached.set(key, hit);
      return hit.entries;
    }
    const item: Cached = { entries: decode(), bytes: 0 };
    this.cached.set(key, item);
    item.entries.then(
      (entries) => {
        if (this.cached.get(key) !== item) return;
        item.bytes = entries.reduce((n, entry) => n + estimatedEntryBytes(entry), 0);
        this.bytes += item.bytes;
        this.evict();
      },
      () => this.remove(key, item),
    );
    return item.entries;
  }

  /** Estimated bytes held and manifests kept, for tests and memory accounts. */
  size(): { readonly bytes: number; readonly manifests: number } {
    return { bytes: this.bytes, manifests: this.cached.size };
  }

  private evict(): void {
    for (const [key, item] of this.cached) {
      if (this.bytes <= this.budgetBytes) return;
      this.remove(key, item);
    }
  }

  private remove(key: string, item: Cached): void {
    if (this.cached.get(key) !== item) return;
    this.cached.delete(key);
    this.bytes -= item.bytes;
  }
}
