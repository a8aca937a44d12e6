import { Faker, base, en } from '@faker-js/faker';
import type { Random } from './random.js';

/**
 * A private faker instance seeded from a table's random stream. The global faker is shared,
 * mutable state: anyone else seeding or drawing from it would change our output.
 */
export function seededFaker(random: Random): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(random.int(0, 0xffff_ffff));
  return faker;
}
