import type { Draws } from './draws.js';

/**
 * The keys of one table as the simulator's database holds them: the seed rows 1..seedRows, the
 * rows it inserted above them, minus the rows it deleted.
 */
export class KeySpace {
  private nextId: number;
  private readonly deleted = new Set<number>();
  /**
   * Rows this simulator inserted that nothing references yet. With the foreign keys of dm_core, a
   * brewery, beer or profile can only be deleted while unreferenced, and every seed row is referenced.
   */
  private readonly unreferenced: number[] = [];

  constructor(
    readonly seedRows: number,
    /** Whether other tables reference this one (brewery, beer, profile). */
    private readonly isReferenced: boolean,
  ) {
    this.nextId = seedRows + 1;
  }

  /** A fresh id above every existing one. */
  allocate(): number {
    const id = this.nextId++;
    if (this.isReferenced) this.unreferenced.push(id);
    return id;
  }

  /** A uniformly drawn live key, or undefined when the table is empty. */
  pickLive(draws: Draws): number | undefined {
    if (this.nextId - 1 - this.deleted.size <= 0) return undefined;
    // Deleted keys are a small share, so a few rejections find a live one; the scan is a backstop.
    for (let attempt = 0; attempt < 64; attempt++) {
      const id = draws.int(1, this.nextId - 1);
      if (!this.deleted.has(id)) return id;
    }
    for (let id = 1; id < this.nextId; id++) if (!this.deleted.has(id)) return id;
    return undefined;
  }

  /** A key the database would let us delete, or undefined when there is none. */
  pickDeletable(draws: Draws): number | undefined {
    if (!this.isReferenced) return this.pickLive(draws);
    if (this.unreferenced.length === 0) return undefined;
    return this.unreferenced[draws.int(0, this.unreferenced.length - 1)];
  }

  markReferenced(id: number): void {
    const index = this.unreferenced.indexOf(id);
    if (index >= 0) this.unreferenced.splice(index, 1);
  }

  remove(id: number): void {
    this.deleted.add(id);
    this.markReferenced(id);
  }
}
