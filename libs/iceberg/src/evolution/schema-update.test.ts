import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { commitWithRetry } from '../catalog/commit-with-retry.js';
import type { IcebergTable } from '../catalog/table.js';
import { CommitConflictError, IncompatibleTypeChangeError, InvalidSchemaChangeError, TableRequirementFailedError } from '../errors.js';
import { currentSchema } from '../metadata/metadata-file.js';
import { applyTableChange } from '../metadata/table-change.js';
import { appendFiles } from '../ops/append-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { barrier } from '../testing/barrier.js';
import { catalogFixture, unpartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { updateSchema } from './schema-update.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
  await fx.catalog.createNamespace('silver');
});
afterAll(async () => {
  await fx.dispose();
});

/** silver.beer: beer_id (1, the key), brewery_id, beer_name, beer_style, beer_abv (5), created_at… (1101–1103). */
const createBeer = (name: string) => fx.catalog.createTable({ namespace: 'silver', name }, unpartitionedTable());
const commit = (catalog: Catalog, table: IcebergTable, change: ReturnType<ReturnType<typeof updateSchema>['change']>) => catalog.commitTable(table, applyTableChange(table, change));
const columns = (table: IcebergTable) => currentSchema(table.metadata).fields.map((f) => `${f.id}:${f.name}:${f.type}:${f.required ? 'required' : 'optional'}`);

describe('updateSchema', () => {
  it('commits each change set as a new schema: added ids continue from last-column-id, renames keep the id', async () => {
    const created = await createBeer('evolve');
    expect(created.metadata['last-column-id']).toBe(1103);
    const first = await commit(
      fx.catalog,
      created,
      updateSchema(created).addColumn('beer_ibu', 'int', { doc: 'Bitterness.' }).renameColumn('beer_style', 'style').updateColumn('beer_abv', { doc: 'ABV in %.' }).change(),
    );
    expect(first.metadata.schemas.map((s) => s['schema-id'])).toEqual([0, 1]);
    expect(first.metadata['current-schema-id']).toBe(1);
    expect(first.metadata['last-column-id']).toBe(1104);
    expect(columns(first)).toContain('1104:beer_ibu:int:optional');
    expect(columns(first)).toContain('4:style:string:optional');
    expect(currentSchema(first.metadata).fields.find((f) => f.id === 5)?.doc).toBe('ABV in %.');
    // The old schema stays as it was: files written with it are still described by it.
    expect(first.metadata.schemas[0]?.fields.find((f) => f.id === 4)?.name).toBe('beer_style');

    const second = await commit(fx.catalog, first, updateSchema(first).updateColumn('beer_ibu', { type: 'long' }).deleteColumn('beer_abv').change());
    expect(second.metadata['current-schema-id']).toBe(2);
    expect(columns(second)).toContain('1104:beer_ibu:long:optional');
    expect(columns(second).some((c) => c.startsWith('5:'))).toBe(false);
    const reloaded = await fx.openCatalog().loadTable(second.identifier);
    expect(reloaded.metadata.schemas).toHaveLength(3);
    expect(columns(reloaded)).toEqual(columns(second));
  });

  it('takes a field id the caller names, if no schema of the table ever used it', async () => {
    const created = await createBeer('named_id');
    const added = await commit(fx.catalog, created, updateSchema(created).addColumn('beer_ibu', 'int', { id: 6 }).change());
    expect(columns(added)).toContain('6:beer_ibu:int:optional');
    expect(added.metadata['last-column-id']).toBe(1103);
    const dropped = await commit(fx.catalog, added, updateSchema(added).deleteColumn('beer_ibu').change());
    // Id 6 held values once: a column reusing it would bring them back.
    expect(() => updateSchema(dropped).addColumn('ibu', 'int', { id: 6 })).toThrow(/field id 6 is or was used/);
    expect(() => updateSchema(dropped).addColumn('ibu', 'int', { id: 0 })).toThrow(InvalidSchemaChangeError);
  });

  it('reorders columns without changing their ids', async () => {
    const created = await createBeer('reorder');
    const moved = await commit(
      fx.catalog,
      created,
      updateSchema(created).moveFirst('beer_name').moveAfter('beer_id', 'deleted_at').moveBefore('beer_abv', 'brewery_id').change(),
    );
    expect(currentSchema(moved.metadata).fields.map((f) => f.id)).toEqual([3, 5, 2, 4, 1101, 1102, 1103, 1]);
  });

  it('reuses the id of an identical earlier schema instead of adding it again', async () => {
    const created = await createBeer('revert');
    const renamed = await commit(fx.catalog, created, updateSchema(created).renameColumn('beer_name', 'name').change());
    const back = await commit(fx.catalog, renamed, updateSchema(renamed).renameColumn('name', 'beer_name').change());
    expect(back.metadata.schemas.map((s) => s['schema-id'])).toEqual([0, 1]);
    expect(back.metadata['current-schema-id']).toBe(0);
  });

  it('refuses unsafe changes with typed errors naming the column, the types and the rule', async () => {
    const table = await createBeer('refused');
    const update = () => updateSchema(table);
    const promotion = (() => {
      try {
        update().updateColumn('beer_name', { type: 'long' });
      } catch (error) {
        return error as IncompatibleTypeChangeError;
      }
      throw new Error('expected IncompatibleTypeChangeError');
    })();
    expect(promotion).toBeInstanceOf(IncompatibleTypeChangeError);
    expect(promotion.kind).toBe('invalid-input');
    expect(promotion.message).toContain('"beer_name" of silver.refused cannot change from string to long');
    expect(promotion.message).toContain('int → long, float → double and decimal(P,S) → decimal(P2,S) with P2 > P');
    expect(() => update().updateColumn('beer_id', { type: 'int' })).toThrow(/from long to int/);
    expect(() => update().updateColumn('beer_abv', { required: true })).toThrow(/optional column cannot become required/);
    expect(() => update().addColumn('beer_ibu', 'int', { required: true })).toThrow(/required column cannot be added/);
    expect(() => update().addColumn('beer_name', 'string')).toThrow(/a column of that name exists/);
    expect(() => update().addColumn('tags', 'list<string>')).toThrow(/not an Iceberg primitive type/);
    expect(() => update().deleteColumn('beer_id')).toThrow(/identifier fields/);
    expect(() => update().deleteColumn('nope')).toThrow(/no such column; the columns are beer_id, brewery_id/);
    expect(() => update().renameColumn('beer_name', 'beer_style')).toThrow(/"beer_style" exists/);
    expect(() => update().renameColumn('beer_name', 'name').deleteColumn('name')).toThrow(/in an update of its own/);
    expect(() => update().moveAfter('beer_name', 'beer_name')).toThrow(InvalidSchemaChangeError);
  });

});

describe('schema changes and concurrent commits', () => {
  it('keeps a concurrent append: the change is re-applied on the newer metadata by commitWithRetry', async () => {
    const created = await createBeer('with_append');
    const change = updateSchema(created).addColumn('beer_ibu', 'int').change();
    // Another writer appends after the change was built: committing it on its own base now conflicts.
    const appended = await fx.openCatalog().commitTable(created, await appendFiles(created, [await writeDataFile(created, {}, 3)]));
    await expect(fx.catalog.commitTable(created, applyTableChange(created, change))).rejects.toThrow(CommitConflictError);
    // Its requirements still hold on the newer metadata, so it applies there, append included.
    const evolved = await commitWithRetry(fx.catalog, created.identifier, async (table) => applyTableChange(table, change));
    expect(evolved.metadata['current-snapshot-id']).toBe(appended.metadata['current-snapshot-id']);
    expect(await currentDataFiles(evolved)).toHaveLength(1);
    expect(columns(evolved)).toContain('1104:beer_ibu:int:optional');
  });

  it('fails a schema change built on a schema another change replaced, instead of losing that one', async () => {
    const created = await createBeer('racing_schemas');
    const sameBase = barrier(2);
    const evolve = (catalog: Catalog, name: string) =>
      commitWithRetry(catalog, created.identifier, async (table) => {
        const change = updateSchema(created).addColumn(name, 'string').change();
        await sameBase();
        // Built once, on the schema both started from; re-applied as is after a conflict.
        return applyTableChange(table, change);
      });
    const results = await Promise.allSettled([evolve(fx.catalog, 'left'), evolve(fx.openCatalog(), 'right')]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(TableRequirementFailedError);
    expect((failed[0]?.reason as Error).message).toMatch(/requires current-schema-id 0, but the table has 1/);
    const table = await fx.catalog.loadTable(created.identifier);
    expect(table.metadata.schemas).toHaveLength(2);
    expect(currentSchema(table.metadata).fields.filter((f) => f.name === 'left' || f.name === 'right')).toHaveLength(1);
  });

  it('fails on an added column id when another change assigned ids since', async () => {
    const created = await createBeer('racing_ids');
    const change = updateSchema(created).addColumn('a', 'string').change();
    // A hand-made change that adds a column but keeps the schema id current would still move last-column-id.
    const moved = await fx.catalog.commitTable(created, { ...created.metadata, 'last-column-id': 1200 });
    expect(() => applyTableChange(moved, change)).toThrow(/requires last-assigned-field-id 1103, but the table has 1200/);
  });
});
