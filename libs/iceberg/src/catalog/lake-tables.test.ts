import { activeManifestVersion, APPLIED_PROPERTIES, getTable, lakeManifest, type LakeColumn, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationRequiredError } from '../errors.js';
import { updateSchema } from '../evolution/schema-update.js';
import { currentSchema } from '../metadata/metadata-file.js';
import { applyTableChange } from '../metadata/table-change.js';
import { catalogFixture, type CatalogFixture } from '../testing/catalog-fixture.js';
import { LakeTables } from './lake-tables.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const SHIPPED = lakeManifest();
const IBU: LakeColumn = { id: 6, name: 'beer_ibu', type: 'int', nullable: true, description: 'Bitterness (IBU).', classification: 'public', origin: 'declared' };

/** The shipped manifest with `ref` edited. */
function edited(ref: string, edit: (table: LakeTable) => Partial<LakeTable>): LakeManifest {
  return { ...SHIPPED, tables: SHIPPED.tables.map((t) => (t.ref === ref ? { ...t, ...edit(t) } : t)) };
}
const withColumns = (ref: string, columns: (columns: readonly LakeColumn[]) => LakeColumn[]) => edited(ref, (t) => ({ columns: columns(t.columns) }));
/** silver.beer with beer_ibu after beer_abv, as adding it to tables/sources/beer.json gives. */
const withIbu = (ibu: Partial<LakeColumn> = {}) =>
  withColumns('silver.beer', (columns) => columns.flatMap((c) => (c.name === 'beer_abv' ? [c, { ...IBU, ...ibu }] : [c])));

/** A fresh warehouse with the shipped lake's tables, and LakeTables over it for any manifest. */
async function lake(name: string) {
  const catalog = fx.openCatalog();
  const warehouse = `file://${fx.dir}/${name}`;
  const open = (manifest: LakeManifest, on = catalog) => new LakeTables(on, { manifest, transforms: activeManifestVersion().transforms }, warehouse);
  // Namespaces are shared by the fixture's catalog: a fresh layer database name per test keeps tables apart.
  const databases = Object.fromEntries(Object.entries(SHIPPED.databases).map(([layer, db]) => [layer, `${db}_${name}`])) as LakeManifest['databases'];
  const rename = (manifest: LakeManifest): LakeManifest => ({ ...manifest, databases });
  await open(rename(SHIPPED)).ensure();
  return {
    ensure: (manifest: LakeManifest, on = catalog) => open(rename(manifest), on).ensure(),
    load: (ref: string) => open(rename(SHIPPED)).load(getTable(SHIPPED, ref)),
    deployed: (manifest: LakeManifest) => open(rename(manifest)).deployedVersion(),
    drop: (manifest: LakeManifest, ref: string) => open(rename(manifest)).dropUndeclaredColumns(getTable(manifest, ref)),
    recordApplied: (manifest: LakeManifest, ref: string) => open(rename(manifest)).recordApplied(getTable(manifest, ref), ['transform']),
  };
}
const columnsOf = async (l: Awaited<ReturnType<typeof lake>>, ref: string) => currentSchema((await l.load(ref)).metadata).fields.map((f) => `${f.id}:${f.name}:${f.type}:${f.required ? 'required' : 'optional'}`);

describe('LakeTables.ensure on tables that exist', () => {
  it('adds a column the manifest declares, with its id, where the manifest has it, once', async () => {
    const l = await lake('added');
    const before = await l.load('silver.beer');
    await l.ensure(withIbu());
    const after = await l.load('silver.beer');
    expect(after.metadata.schemas).toHaveLength(2);
    expect(await columnsOf(l, 'silver.beer')).toEqual([
      '1:beer_id:long:required',
      '2:brewery_id:long:optional',
      '3:beer_name:string:optional',
      '4:beer_style:string:optional',
      '5:beer_abv:double:optional',
      '6:beer_ibu:int:optional',
      '1101:created_at:timestamptz:required',
      '1102:updated_at:timestamptz:required',
      '1103:deleted_at:timestamptz:optional',
    ]);
    expect(currentSchema(after.metadata).fields.find((f) => f.id === 6)?.doc).toBe('Bitterness (IBU).');
    expect(after.metadata['last-column-id']).toBe(before.metadata['last-column-id']);
    // Nothing else changed: the other tables keep their first metadata file.
    expect((await l.load('silver.brewery')).metadata['metadata-log']).toEqual([]);
    await l.ensure(withIbu());
    expect((await l.load('silver.beer')).metadataLocation).toBe(after.metadataLocation);
  });

  it('keeps a column an older manifest lacks, so a reverted or older build still opens the lake', async () => {
    const l = await lake('reverted');
    await l.ensure(withIbu());
    const evolved = await l.load('silver.beer');
    await l.ensure(SHIPPED);
    expect((await l.load('silver.beer')).metadataLocation).toBe(evolved.metadataLocation);
  });

  it('promotes types safely, makes required columns optional and takes new descriptions', async () => {
    const l = await lake('promoted');
    await l.ensure(withIbu());
    await l.ensure(
      edited('silver.beer', (t) => ({
        columns: [...t.columns.flatMap((c) => (c.name === 'beer_abv' ? [c, { ...IBU, type: 'long' as const }] : [c]))].map((c) =>
          c.name === 'created_at' ? { ...c, nullable: true, description: 'First seen.' } : c,
        ),
      })),
    );
    const table = await l.load('silver.beer');
    expect(table.metadata.schemas).toHaveLength(3);
    expect(await columnsOf(l, 'silver.beer')).toEqual(expect.arrayContaining(['6:beer_ibu:long:optional', '1101:created_at:timestamptz:optional']));
    expect(currentSchema(table.metadata).fields.find((f) => f.id === 1101)?.doc).toBe('First seen.');
  });

  it('renames a column the manifest renames, keeping its field id, and follows the manifest\'s order', async () => {
    const l = await lake('renamed');
    await l.ensure(
      withColumns('silver.beer', (columns) => {
        const renamed = columns.map((c) => (c.name === 'beer_style' ? { ...c, name: 'style' } : c));
        return [...renamed.filter((c) => c.name === 'beer_abv'), ...renamed.filter((c) => c.name !== 'beer_abv')];
      }),
    );
    expect(await columnsOf(l, 'silver.beer')).toEqual([
      '5:beer_abv:double:optional',
      '1:beer_id:long:required',
      '2:brewery_id:long:optional',
      '3:beer_name:string:optional',
      '4:style:string:optional',
      '1101:created_at:timestamptz:required',
      '1102:updated_at:timestamptz:required',
      '1103:deleted_at:timestamptz:optional',
    ]);
  });

  it('refuses what needs a migration, naming the table, its manifest file and every difference, and changes nothing', async () => {
    const l = await lake('refused');
    const before = await l.load('silver.beer');
    const manifest = edited('silver.beer', (t) => ({
      primaryKey: ['beer_id', 'beer_style'],
      partitionBy: [{ column: 'beer_style', transform: 'identity' }],
      columns: [
        ...t.columns.map((c) => (c.name === 'beer_abv' ? { ...c, type: 'int' as const } : c.name === 'brewery_id' ? { ...c, nullable: false } : c)),
        { ...IBU, nullable: false },
      ],
    }));
    const error = await l.ensure(manifest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationRequiredError);
    expect((error as MigrationRequiredError).kind).toBe('invalid-input');
    const message = (error as Error).message;
    expect(message).toContain(`dm_silver_refused.beer cannot follow the lake manifest (${getTable(SHIPPED, 'silver.beer').file})`);
    expect(message).toContain('"beer_abv" of dm_silver_refused.beer cannot change from double to int');
    expect(message).toContain('"brewery_id" of dm_silver_refused.beer: an optional column cannot become required');
    expect(message).toContain('a required column cannot be added');
    expect(message).toContain('the key (identifier field ids) is [1] in the table but [1, 4] in the manifest');
    expect(message).toContain('the partitioning is (beer_style) in the manifest but not in the table');
    expect(message).toContain('need `datamaster apply`');
    expect((await l.load('silver.beer')).metadataLocation).toBe(before.metadataLocation);
  });

  it('refuses a column whose field id the table used for a column a migration dropped', async () => {
    const l = await lake('reused');
    const beer = await l.load('silver.beer');
    await fx.catalog.commitTable(beer, applyTableChange(beer, updateSchema(beer).deleteColumn('beer_abv').change()));
    const error = await l.ensure(SHIPPED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationRequiredError);
    expect((error as Error).message).toContain('field id 5 is or was used by another column of the table');
  });

  it('evolves a table once when several processes open the lake at the same time', async () => {
    const l = await lake('concurrent');
    await Promise.all([l.ensure(withIbu(), fx.openCatalog()), l.ensure(withIbu(), fx.openCatalog()), l.ensure(withIbu(), fx.openCatalog())]);
    const table = await l.load('silver.beer');
    expect(table.metadata.schemas).toHaveLength(2);
    expect(await columnsOf(l, 'silver.beer')).toContain('6:beer_ibu:int:optional');
  });

  it('records the transform and the masking its tables were built with, and takes them on for a table that recorded none', async () => {
    const l = await lake('applied');
    const gold = await l.load('gold.top_drinkers');
    expect(gold.metadata.properties[APPLIED_PROPERTIES.transform]).toContain('FROM review_flat');
    const profile = await l.load('silver.profile');
    const masked = JSON.parse(profile.metadata.properties[APPLIED_PROPERTIES.piiMasking] ?? '{}') as Record<string, string>;
    const declared = getTable(SHIPPED, 'silver.profile').columns.filter((c) => c.classification === 'pii');
    expect(declared.map((c) => c.name)).toContain('profile_name');
    expect(masked).toEqual(Object.fromEntries(declared.map((c) => [String(c.id), c.masking])));
    // A table from before: the properties removed; the next opening sets them again.
    await fx.catalog.commitTable(gold, applyTableChange(gold, { requirements: [], updates: [{ action: 'remove-properties', removals: Object.values(APPLIED_PROPERTIES) }] }));
    await l.ensure(SHIPPED);
    expect((await l.load('gold.top_drinkers')).metadata.properties[APPLIED_PROPERTIES.transform]).toBe(gold.metadata.properties[APPLIED_PROPERTIES.transform]);
  });

  it('shows the lake as deployed: a recorded transform other than the manifest\'s, a column only the table has, and a table the manifest lacks', async () => {
    const l = await lake('deployed');
    await l.ensure(withIbu());
    const flat = await l.load('silver.review_flat');
    await fx.catalog.commitTable(flat, applyTableChange(flat, { requirements: [], updates: [{ action: 'set-properties', updates: { [APPLIED_PROPERTIES.transform]: 'SELECT 1' } }] }));
    const extra = await l.load('gold.top_drinkers');
    const databases = extra.identifier.namespace;
    await fx.catalog.createTable({ namespace: databases, name: 'retired' }, getTable(SHIPPED, 'gold.top_drinkers'), { location: `${extra.metadata.location}-retired` });
    const deployed = await l.deployed(SHIPPED);
    expect(deployed.transforms.get('transforms/silver/review_flat.sql')).toBe('SELECT 1');
    expect(deployed.manifest.tables.find((t) => t.ref === 'silver.beer')?.columns.map((c) => c.name)).toContain('beer_ibu');
    expect(deployed.manifest.tables.find((t) => t.ref === 'gold.retired')?.columns.map((c) => c.name)).toEqual(getTable(SHIPPED, 'gold.top_drinkers').columns.map((c) => c.name));
    // Sources and bronze are not in the catalog: as the manifest has them.
    expect(deployed.manifest.tables.find((t) => t.ref === 'bronze.beer')).toEqual(getTable(SHIPPED, 'bronze.beer'));
  });

  it('drops only when asked the columns the manifest no longer declares, and records a transform once its data follows it', async () => {
    const l = await lake('dropped');
    await l.ensure(withIbu());
    expect(await l.drop(SHIPPED, 'silver.beer')).toEqual(['beer_ibu']);
    expect(await columnsOf(l, 'silver.beer')).not.toContain('6:beer_ibu:int:optional');
    expect(await l.drop(SHIPPED, 'silver.beer')).toEqual([]);
    const gold = await l.load('gold.top_drinkers');
    await fx.catalog.commitTable(gold, applyTableChange(gold, { requirements: [], updates: [{ action: 'set-properties', updates: { [APPLIED_PROPERTIES.transform]: 'SELECT 1' } }] }));
    await l.recordApplied(SHIPPED, 'gold.top_drinkers');
    expect((await l.load('gold.top_drinkers')).metadata.properties[APPLIED_PROPERTIES.transform]).toBe(gold.metadata.properties[APPLIED_PROPERTIES.transform]);
  });
});
