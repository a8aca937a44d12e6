// The simulator's picture of dm_core: which keys exist and what the rows it touched look like. It
// never changes a key that does not exist and never breaks a foreign key, as PostgreSQL would not.
import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import type { SeedTable } from '@datamaster/seed-data';
import { drawsFor, type Draws } from './draws.js';
import { KeySpace } from './key-space.js';
import type { SimulatedOperation } from './options.js';
import { RowBuilder, type Row } from './rows.js';

export interface Change {
  readonly table: SeedTable;
  readonly op: SimulatedOperation;
  /** The full row for inserts and updates (after-image), the key alone for deletes. */
  readonly data: Row;
}

const TABLE_STREAM: Readonly<Record<SeedTable, number>> = { brewery: 1, beer: 2, profile: 3, review: 4 };
/** The seed dataset's reviews span 1998–2012 (unix seconds). */
const SEED_REVIEW_TIME = [Date.UTC(1998, 0, 1) / 1000, Date.UTC(2013, 0, 1) / 1000 - 1] as const;

export class SimulatedDatabase {
  private readonly keys: Readonly<Record<SeedTable, KeySpace>>;
  /** Rows inserted or updated here, by "<table>:<id>"; every other live row is a seed row. */
  private readonly touched = new Map<string, Row>();
  private readonly rows = new RowBuilder();

  constructor(
    private readonly seed: number,
    private readonly seedRows: Readonly<Record<SeedTable, number>>,
  ) {
    this.keys = {
      brewery: new KeySpace(seedRows.brewery, true),
      beer: new KeySpace(seedRows.beer, true),
      profile: new KeySpace(seedRows.profile, true),
      review: new KeySpace(seedRows.review, false),
    };
  }

  insert(table: SeedTable, draws: Draws, nowSeconds: number): Change {
    const id = this.keys[table].allocate();
    const row = this.newRow(table, id, draws, nowSeconds);
    this.touched.set(`${table}:${id}`, row);
    return { table, op: 'insert', data: row };
  }

  /** An edit of a random existing row; undefined when the table has none. */
  update(table: SeedTable, draws: Draws): Change | undefined {
    const id = this.keys[table].pickLive(draws);
    return id === undefined ? undefined : this.updateKey(table, id, draws);
  }

  updateKey(table: SeedTable, id: number, draws: Draws): Change {
    const row = this.rows.edited(table, this.view(table, id), draws);
    this.touched.set(`${table}:${id}`, row);
    return { table, op: 'update', data: row };
  }

  /** A delete PostgreSQL would allow (nothing references the row); undefined when there is none. */
  delete(table: SeedTable, draws: Draws): Change | undefined {
    const id = this.keys[table].pickDeletable(draws);
    return id === undefined ? undefined : this.deleteKey(table, id);
  }

  deleteKey(table: SeedTable, id: number): Change {
    this.keys[table].remove(id);
    this.touched.delete(`${table}:${id}`);
    // PostgreSQL's default replica identity logs only the key of a deleted row.
    const [key] = getTable(lakeManifest(), `source.${table}`).primaryKey;
    return { table, op: 'delete', data: { [key as string]: id } };
  }

  /**
   * The current row. Seed rows the simulator has not touched are synthesized from their key alone:
   * the seed dataset's values are not at hand, so an edit's unchanged columns are plausible, not the seed's.
   */
  view(table: SeedTable, id: number): Row {
    return this.touched.get(`${table}:${id}`) ?? this.seedRow(table, id);
  }

  private seedRow(table: SeedTable, id: number): Row {
    const draws = drawsFor(this.seed, TABLE_STREAM[table], id);
    const { beer, profile } = this.seedRows;
    switch (table) {
      case 'brewery':
        return this.rows.brewery(id, draws);
      case 'beer':
        return this.rows.beer(id, this.seedBeerBrewery(draws), draws);
      case 'profile':
        return this.rows.profile(id, draws);
      case 'review': {
        const beerId = draws.int(1, beer);
        const refs = { beerId, breweryId: this.breweryOfBeer(beerId), profileId: draws.int(1, profile), reviewTime: draws.int(...SEED_REVIEW_TIME) };
        return this.rows.review(id, refs, draws);
      }
    }
  }

  /** view('beer', id).brewery_id, without synthesizing the rest of the row. */
  private breweryOfBeer(beerId: number): number {
    const touched = this.touched.get(`beer:${beerId}`);
    return touched ? (touched.brewery_id as number) : this.seedBeerBrewery(drawsFor(this.seed, TABLE_STREAM.beer, beerId));
  }

  /** The first draw of a seed beer's stream picks its brewery. */
  private seedBeerBrewery(draws: Draws): number {
    return draws.int(1, this.seedRows.brewery);
  }

  private newRow(table: SeedTable, id: number, draws: Draws, nowSeconds: number): Row {
    switch (table) {
      case 'brewery':
        return this.rows.brewery(id, draws);
      case 'beer':
        return this.rows.beer(id, this.reference('brewery', draws), draws);
      case 'profile':
        return this.rows.profile(id, draws);
      case 'review': {
        const beerId = this.reference('beer', draws);
        const breweryId = this.breweryOfBeer(beerId);
        this.keys.brewery.markReferenced(breweryId);
        return this.rows.review(id, { beerId, breweryId, profileId: this.reference('profile', draws), reviewTime: nowSeconds }, draws);
      }
    }
  }

  /** A live row of a referenced table, which from now on cannot be deleted. */
  private reference(table: 'brewery' | 'beer' | 'profile', draws: Draws): number {
    // Seed rows of referenced tables are never deleted, so a live key always exists.
    const id = this.keys[table].pickLive(draws) as number;
    this.keys[table].markReferenced(id);
    return id;
  }
}
