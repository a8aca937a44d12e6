import {
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';
import { lakeManifest } from '@datamaster/lake-manifest';
import { fixtureManifest } from '@datamaster/lake-manifest/testing';
import { LAKE_ANNOTATIONS, LAKE_TABLE_TYPE, SOURCE_TABLE_TYPE } from '@datamaster/plugin-lake-catalog-common';
import { lakeEntities, ownerGroups } from './lake-entities';

const LOCATION = 'url:https://github.com/acme/lake/tree/main/libs/lake-manifest';
const policies = EntityPolicies.allOf([new DefaultNamespaceEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy()]);
const validators = { Resource: resourceEntityV1alpha1Validator, System: systemEntityV1alpha1Validator, Domain: domainEntityV1alpha1Validator, Group: groupEntityV1alpha1Validator };

async function expectValid(entities: readonly Entity[]): Promise<void> {
  for (const entity of entities) {
    await expect(policies.enforce(entity)).resolves.toBeDefined();
    await expect(validators[entity.kind as keyof typeof validators].check(entity)).resolves.toBe(true);
  }
}

const byName = (entities: readonly Entity[], kind: string, name: string) => entities.find((e) => e.kind === kind && e.metadata.name === name);
const resources = (entities: readonly Entity[], type: string) => entities.filter((e) => e.kind === 'Resource' && (e.spec as { type: string }).type === type).map((e) => e.metadata.name);

describe('lakeEntities of the shipped manifest', () => {
  const manifest = lakeManifest();
  const entities = lakeEntities(manifest, { location: LOCATION, viewUrlBase: 'https://github.com/acme/lake/tree/main/libs/lake-manifest/', missingGroups: ['group:default/analytics'] });

  it('makes every bronze, silver and gold table a lake-table Resource, and the OLTP tables source-table Resources', async () => {
    expect(resources(entities, LAKE_TABLE_TYPE)).toHaveLength(14);
    expect(resources(entities, LAKE_TABLE_TYPE)).toEqual(manifest.tables.filter((t) => t.layer !== 'source').map((t) => t.ref));
    expect(resources(entities, SOURCE_TABLE_TYPE).sort()).toEqual(['source.beer', 'source.brewery', 'source.profile', 'source.review']);
    await expectValid(entities);
  });

  it('turns lineage into dependsOn, so the catalog graph draws it', () => {
    const dependsOn = (name: string) => (byName(entities, 'Resource', name)?.spec as { dependsOn: string[] }).dependsOn;
    expect(dependsOn('silver.review')).toEqual(['resource:default/bronze.review']);
    expect(dependsOn('bronze.review')).toEqual(['resource:default/source.review']);
    expect(dependsOn('silver.review_flat')).toEqual(['resource:default/silver.review', 'resource:default/silver.beer', 'resource:default/silver.brewery', 'resource:default/silver.profile']);
  });

  it('gives each table its owner, the lake as system, and annotations for layer, catalog table, partitioning and freshness', () => {
    const flat = byName(entities, 'Resource', 'silver.review_flat') as Entity;
    expect(flat.spec).toMatchObject({ owner: 'group:default/data-platform', system: 'datamaster' });
    expect(flat.metadata.annotations).toMatchObject({
      [LAKE_ANNOTATIONS.table]: 'silver.review_flat',
      [LAKE_ANNOTATIONS.layer]: 'silver',
      [LAKE_ANNOTATIONS.catalogTable]: 'dm_silver.review_flat',
      [LAKE_ANNOTATIONS.partitioning]: 'review_year,review_month',
      [LAKE_ANNOTATIONS.freshness]: 'P1D',
      'backstage.io/managed-by-location': LOCATION,
      'backstage.io/view-url': 'https://github.com/acme/lake/tree/main/libs/lake-manifest/tables/silver/review_flat.json',
    });
    expect((byName(entities, 'Resource', 'gold.top_drinkers') as Entity).spec).toMatchObject({ owner: 'group:default/analytics' });
    expect(byName(entities, 'Resource', 'silver.profile')?.metadata.tags).toContain('pii');
  });

  it('adds the System, one Domain per lake domain, and only the owner groups it is told are missing', () => {
    expect(byName(entities, 'System', 'datamaster')?.spec).toEqual({ owner: 'group:default/data-platform' });
    expect(entities.filter((e) => e.kind === 'Domain').map((e) => e.metadata.name)).toEqual(['catalog', 'reviewers', 'reviews']);
    expect(entities.filter((e) => e.kind === 'Group').map((e) => e.metadata.name)).toEqual(['analytics']);
    expect(ownerGroups(manifest)).toEqual(['group:default/analytics', 'group:default/data-platform']);
  });
});

describe('lakeEntities of another manifest', () => {
  it('follows whatever the manifest declares: the fixture lake, its tables and lineage', async () => {
    const manifest = fixtureManifest();
    const entities = lakeEntities(manifest, { location: 'file:/tmp/fixture', missingGroups: ownerGroups(manifest) });
    expect(byName(entities, 'System', 'fixture')).toBeDefined();
    expect(resources(entities, LAKE_TABLE_TYPE)).toEqual(manifest.tables.filter((t) => t.layer !== 'source').map((t) => t.ref));
    expect(resources(entities, LAKE_TABLE_TYPE)).toContain('gold.revenue_by_country');
    expect((byName(entities, 'Resource', 'gold.revenue_by_country')?.spec as { dependsOn: string[] }).dependsOn).toEqual(['resource:default/silver.purchase_flat']);
    expect(byName(entities, 'Resource', 'silver.purchase_flat')?.metadata.annotations?.['backstage.io/view-url']).toBeUndefined();
    await expectValid(entities);
  });
});
