import type { SeedRecord } from './csv.js';
import { seededFaker } from './faker.js';
import { breweryName } from './names.js';
import type { Random } from './random.js';

export function* breweryRecords(breweries: number, random: Random): Generator<SeedRecord> {
  const faker = seededFaker(random);
  for (let id = 1; id <= breweries; id++) yield { brewery_id: id, brewery_name: breweryName(random, faker) };
}
