// The original frontend system's exports: the entity tab finds its table through the entity's annotation.
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { LAKE_ANNOTATIONS, LAKE_TABLE_TYPE } from '@datamaster/plugin-lake-catalog-common';
import { screen } from '@testing-library/react';
import { lakeCatalogApiRef, type LakeCatalogApi } from './api/LakeCatalogApi';
import { OVERVIEW, SILVER_REVIEW, SILVER_REVIEW_STATUS } from './components/testing-data';
import { EntityLakeTableContent, isLakeTableEntity } from './index';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'silver.review', annotations },
  spec: { type: LAKE_TABLE_TYPE, owner: 'group:default/data-platform' },
});

describe('EntityLakeTableContent', () => {
  it("shows the table that the entity's datamaster.io/lake-table annotation names", async () => {
    const asked: string[] = [];
    const api: LakeCatalogApi = {
      overview: async () => ({ lake: 'datamaster', tables: OVERVIEW }),
      table: async (ref) => (asked.push(ref), SILVER_REVIEW),
      status: async () => SILVER_REVIEW_STATUS,
    };
    await renderInTestApp(
      <TestApiProvider apis={[[lakeCatalogApiRef, api]]}>
        <EntityProvider entity={entity({ [LAKE_ANNOTATIONS.table]: 'silver.review' })}>
          <EntityLakeTableContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByRole('table', { name: 'schema' })).toBeInTheDocument();
    expect(asked).toEqual(['silver.review']);
  });

  it('applies to lake-table Resources with the annotation only', () => {
    expect(isLakeTableEntity(entity({ [LAKE_ANNOTATIONS.table]: 'silver.review' }))).toBe(true);
    expect(isLakeTableEntity(entity({}))).toBe(false);
    expect(isLakeTableEntity({ ...entity({ [LAKE_ANNOTATIONS.table]: 'x' }), kind: 'Component' })).toBe(false);
  });
});
