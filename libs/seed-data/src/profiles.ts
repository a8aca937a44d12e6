import type { SeedRecord } from './csv.js';
import { seededFaker } from './faker.js';
import type { Random } from './random.js';
import { claimUnique, numberedEmail } from './unique.js';
import { US_STATE_POPULATION } from './us-states.js';
import { WeightedSampler } from './weighted.js';

/** Spread of reviewers' leniency: some rate everything half a point higher than others do. */
const BIAS_SD = 0.2;

/** Each profile's rating bias, added to every score it gives; index = profile_id - 1. */
export function planProfileBias(profiles: number, random: Random): Float64Array {
  const bias = new Float64Array(profiles);
  for (let i = 0; i < profiles; i++) bias[i] = BIAS_SD * random.normal();
  return bias;
}

/** Profiles with unique handles and emails, living in states in proportion to population. */
export function* profileRecords(profiles: number, random: Random): Generator<SeedRecord> {
  const faker = seededFaker(random);
  const stateCodes = US_STATE_POPULATION.map(([code]) => code);
  const states = new WeightedSampler(US_STATE_POPULATION.map(([, thousands]) => thousands));
  const names = new Set<string>();
  const emails = new Set<string>();
  for (let id = 1; id <= profiles; id++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const handle = faker.internet.username({ firstName, lastName });
    const email = faker.internet.email({ firstName, lastName });
    yield {
      profile_id: id,
      profile_name: claimUnique(names, handle, (n) => `${handle}${n}`),
      email: claimUnique(emails, email, (n) => numberedEmail(email, n)),
      state: stateCodes[states.draw(random)] as string,
    };
  }
}
