// Brewery and beer names. The words come from faker; which shape a name takes is a numeric choice
// and so comes from our own stream. A few shapes carry commas or double quotes, as real names do,
// so that CSV parsers downstream meet quoted fields.
import type { Faker } from '@faker-js/faker';
import type { Random } from './random.js';
import { WeightedSampler } from './weighted.js';

type NameShape<Args extends unknown[]> = readonly [weight: number, render: (faker: Faker, ...args: Args) => string];

/** Picks a shape by weight and renders it. */
function namer<Args extends unknown[]>(shapes: readonly NameShape<Args>[]) {
  const sampler = new WeightedSampler(shapes.map(([weight]) => weight));
  return (random: Random, faker: Faker, ...args: Args): string => {
    const [, render] = shapes[sampler.draw(random)] as NameShape<Args>;
    return render(faker, ...args);
  };
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const adjective = (f: Faker) => capitalize(f.word.adjective());
const animal = (f: Faker) => capitalize(f.animal.type());
const noun = (f: Faker) => capitalize(f.word.noun());

export const breweryName = namer<[]>([
  [20, (f) => `${f.location.city()} Brewing Company`],
  [18, (f) => `${f.person.lastName()} Brewery`],
  [12, (f) => `${adjective(f)} ${animal(f)} Brewing`],
  [8, (f) => `${f.person.lastName()} & ${f.person.lastName()} Brewing Co.`],
  [8, (f) => `${f.location.city()} Beer Works`],
  [8, (f) => `${capitalize(f.color.human())} ${noun(f)} Brewhouse`],
  [4, (f) => `Brasserie ${f.person.lastName()}`],
  [3, (f) => `Brauerei ${f.person.lastName()}`],
  [3, (f) => `${f.location.city()} Brewing Company, LLC`],
  [2, (f) => `${f.person.lastName()}, ${f.person.lastName()} & Sons`],
  [2, (f) => `The "${adjective(f)}" ${f.person.lastName()} Brewpub`],
]);

/** A beer name ending in how its style calls itself, e.g. "Lucky Badger Double IPA". */
export const beerName = namer<[styleLabel: string]>([
  [30, (f, label) => `${adjective(f)} ${animal(f)} ${label}`],
  [20, (f, label) => `${f.location.city()} ${label}`],
  [15, (f, label) => `${capitalize(f.color.human())} ${noun(f)} ${label}`],
  [10, (f, label) => `${f.person.lastName()}'s ${label}`],
  [10, (f, label) => `${noun(f)} ${label}`],
  [4, (f, label) => `${noun(f)} ${label}, Barrel Aged`],
  [3, (f, label) => `${label}, ${f.location.city()} Edition`],
  [3, (f, label) => `${adjective(f)} "${animal(f)}" ${label}`],
  [2, (f, label) => `"${noun(f)}" ${label}`],
]);
