// A column renamed in the manifest (profile.email → email_address, field id 3 kept) on a lake with data: an extract
// ingested under the old name before the change and one under the new name after it are processed together.
// Bronze files are read by field id, so silver.profile takes the values of both, and the rows processed before
// keep theirs under the new name (spark/tests/test_renamed_column.py runs the same folder on the Spark engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MANIFEST, ManifestCopyLake, type Extract } from './testing/manifest-copy.js';

/** The profiles each extract carries. */
const CARRIED = 12;
const EMAIL = 2;

let lake: ManifestCopyLake;
let emailsBefore: Map<number, string>;
/** What silver.profile must hold after the run. */
let expected: Map<number, string | undefined>;

/** The seed's profiles from line `first` on, each with the email of the next one (the last with the first's), and for
 *  each profile the one whose email it now has: silver.profile cannot hold that token unless it read the extract. */
function rotatedEmails(first: number, header: string): { extract: Extract; moved: Map<number, number> } {
  const profiles = lake.seedExtract('profile').lines.slice(first, first + CARRIED).map((line) => line.split(','));
  const successors = [...profiles.slice(1), ...profiles.slice(0, 1)];
  const pairs = profiles.map((fields, i) => [fields, successors[i] ?? fields] as const);
  return {
    extract: { header, lines: pairs.map(([fields, successor]) => fields.map((value, column) => (column === EMAIL ? successor[EMAIL] : value)).join(',')) },
    moved: new Map(pairs.map(([fields, successor]) => [Number(fields[0]), Number(successor[0])])),
  };
}

const emails = async (column: string) =>
  new Map((await lake.rows(`SELECT profile_id, ${column} AS email FROM silver.profile`)).map((r) => [Number(r['profile_id']), String(r['email'])]));

beforeAll(async () => {
  lake = ManifestCopyLake.create('renamed-column');
  await lake.fill();
  expect((await lake.cli('process', 'all')).stderr).toBe('');
  emailsBefore = await emails('email');
  const { header } = lake.seedExtract('profile');
  const oldName = rotatedEmails(0, header);
  expect((await lake.cli('ingest', lake.writeExtract('profile-old-name', oldName.extract), '--table', 'profile')).code).toBe(0);
  lake.layOver('renamed-column');
  const newName = rotatedEmails(CARRIED, header.replace(',email,', ',email_address,'));
  expect((await lake.cli('ingest', lake.writeExtract('profile-new-name', newName.extract), '--table', 'profile')).code).toBe(0);
  expected = new Map(emailsBefore);
  for (const [profile, source] of [...oldName.moved, ...newName.moved]) expected.set(profile, emailsBefore.get(source));
}, 240_000);
afterAll(() => lake.remove());

describe('a column renamed in the manifest of a lake with bronze files written under the old name', () => {
  it('is a rename that plan classes automatic', async () => {
    const run = await lake.cli('plan', '--from', BUNDLED_MANIFEST, '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { class: string; kind: string; table: string; column?: string; detail: string }[] };
    expect(plan.changes.filter((c) => c.kind === 'column-renamed').map((c) => `${c.class} ${c.table}.${c.column} ${c.detail}`)).toEqual(
      ['source', 'bronze', 'silver'].map((layer) => `automatic ${layer}.profile.email_address email → email_address (id 3)`),
    );
  });

  it('gives silver.profile the values of the files written under either name, and keeps the older rows', async () => {
    const run = await lake.cli('process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`✔ silver\\.profile +2 input\\(s\\), ${2 * CARRIED} rows in`));
    const after = await emails('email_address');
    expect(after).toEqual(expected);
    expect([...after.values()].filter((email) => !/^[0-9a-f]{64}$/.test(email))).toEqual([]);
  }, 180_000);
});
