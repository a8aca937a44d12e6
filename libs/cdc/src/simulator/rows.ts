// Row images of the four source tables, built from seeded draws. Column names and order come from
// the lake manifest: a column the manifest gains and the simulator does not produce is an error.
import { Faker, base, en } from '@faker-js/faker';
import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import type { SeedTable } from '@datamaster/seed-data';
import type { Draws } from './draws.js';

export type Row = Readonly<Record<string, string | number | null>>;

/** A few common styles: name, how a beer's name calls it, usual ABV range (percent). */
const STYLES: readonly (readonly [name: string, label: string, abvMin: number, abvMax: number])[] = [
  ['American IPA', 'IPA', 5.5, 7.5],
  ['American Pale Ale (APA)', 'Pale Ale', 4.5, 6.2],
  ['Russian Imperial Stout', 'Imperial Stout', 8, 12],
  ['American Double / Imperial IPA', 'Double IPA', 7.5, 10],
  ['Hefeweizen', 'Hefeweizen', 4.3, 5.6],
  ['Belgian Strong Dark Ale', 'Quad', 8, 11],
  ['American Porter', 'Porter', 4.8, 6.5],
  ['Witbier', 'Wit', 4.5, 5.5],
  ['Saison / Farmhouse Ale', 'Saison', 5, 7],
  ['German Pilsener', 'Pils', 4.4, 5.2],
];

/** The column a generator lacks, or produces but the manifest does not declare. */
export class SimulatorColumnError extends Error {
  override readonly name = 'SimulatorColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    problem: string,
  ) {
    super(`The change simulator ${problem} column "${column}" of source.${table}: teach simulator/rows.ts the manifest's columns.`);
  }
}

const halfStep = (latent: number) => Math.min(5, Math.max(1, Math.round(latent * 2) / 2));

export class RowBuilder {
  private readonly faker = new Faker({ locale: [en, base] });

  brewery(id: number, draws: Draws): Row {
    const f = this.seeded(draws);
    const suffix = ['Brewing Company', 'Beer Works', 'Brewery', 'Ales', 'Brewhouse'][draws.int(0, 4)];
    const name = draws.chance(0.5) ? `${f.location.city()} ${suffix}` : `${f.person.lastName()} ${suffix}`;
    return ordered('brewery', { brewery_id: id, brewery_name: name });
  }

  beer(id: number, breweryId: number, draws: Draws): Row {
    const f = this.seeded(draws);
    const [style, label, abvMin, abvMax] = STYLES[draws.int(0, STYLES.length - 1)] as (typeof STYLES)[number];
    const name = `${capitalize(f.word.adjective())} ${capitalize(f.animal.type())} ${label}`;
    const abv = draws.chance(0.015) ? null : Math.round((abvMin + draws.unit() * (abvMax - abvMin)) * 10) / 10;
    return ordered('beer', { beer_id: id, brewery_id: breweryId, beer_name: name, beer_style: style, beer_abv: abv });
  }

  /** Handles and emails look like real people's, so masking before bronze has something to mask. */
  profile(id: number, draws: Draws): Row {
    const f = this.seeded(draws);
    const firstName = f.person.firstName();
    const lastName = f.person.lastName();
    // The id keeps handles and emails unique, as the source's unique indexes would demand.
    const email = f.internet.email({ firstName, lastName }).replace('@', `.${id}@`);
    return ordered('profile', {
      profile_id: id,
      profile_name: `${f.internet.username({ firstName, lastName })}${id}`,
      email,
      state: f.location.state({ abbreviated: true }),
    });
  }

  review(id: number, refs: { breweryId: number; beerId: number; profileId: number; reviewTime: number }, draws: Draws): Row {
    return ordered('review', {
      review_id: id,
      brewery_id: refs.breweryId,
      beer_id: refs.beerId,
      profile_id: refs.profileId,
      ...scores(draws),
      review_time: refs.reviewTime,
    });
  }

  /** The after-image of an edit: the same row with what people actually change redrawn. */
  edited(table: SeedTable, row: Row, draws: Draws): Row {
    switch (table) {
      case 'brewery':
        return { ...row, brewery_name: this.brewery(row.brewery_id as number, draws).brewery_name as string };
      case 'beer': {
        const abv = row.beer_abv === null ? null : Math.max(0, Math.round(((row.beer_abv as number) + draws.int(-5, 5) / 10) * 10) / 10);
        return { ...row, beer_abv: abv };
      }
      case 'profile': {
        const moved = this.profile(row.profile_id as number, draws);
        return { ...row, email: moved.email as string, state: draws.chance(0.3) ? (moved.state as string) : (row.state as string) };
      }
      case 'review':
        return { ...row, ...scores(draws) };
    }
  }

  /** Faker drawing from this key's stream: its output depends on the draws alone. */
  private seeded(draws: Draws): Faker {
    this.faker.seed(draws.int(0, 0x7fff_ffff));
    return this.faker;
  }
}

function scores(draws: Draws): Record<string, number | null> {
  const latent = 3.8 + (draws.unit() + draws.unit() + draws.unit() - 1.5) * 1.2;
  const aspect = (spread: number) => (draws.chance(0.015) ? null : halfStep(latent + (draws.unit() - 0.5) * spread));
  return {
    review_overall: halfStep(latent),
    review_aroma: aspect(1.2),
    review_appearance: aspect(1.5),
    review_palate: aspect(1.2),
    review_taste: aspect(0.8),
  };
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The row in the manifest's column order, checked against the manifest's columns. */
function ordered(table: SeedTable, values: Record<string, string | number | null>): Row {
  const columns = getTable(lakeManifest(), `source.${table}`).columns.map((column) => column.name);
  for (const name of Object.keys(values)) if (!columns.includes(name)) throw new SimulatorColumnError(table, name, 'produces the undeclared');
  const row: Record<string, string | number | null> = {};
  for (const name of columns) {
    const value = values[name];
    if (value === undefined) throw new SimulatorColumnError(table, name, 'produces no value for the');
    row[name] = value;
  }
  return row;
}
