// lake.table.read as a resource permission: this plugin registers the lake-table resource type, its rules and
// how to load a table, so a policy's condition (here: only gold) is evaluated against the manifest's tables
// when the permission backend asks, at the endpoint it asks through.
import { join, resolve } from 'node:path';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LAKE_TABLE_RESOURCE_TYPE, lakeTableReadPermission } from '@datamaster/plugin-lake-catalog-common';
import request from 'supertest';
import lakeCatalogPlugin, { createLakeTableConditionalDecision, lakeTableConditions } from './index';

const REPO = resolve(__dirname, '..', '..', '..');

describe('lake.table.read conditions', () => {
  it('evaluates a policy condition against the manifest tables the permission backend names', async () => {
    const backend = await startTestBackend({
      features: [
        lakeCatalogPlugin,
        permissionsRegistryServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            lakeCatalog: {
              manifest: { path: join(REPO, 'libs', 'lake-manifest') },
              // Conditions read the manifest only: no ledger, Step Functions or catalog is reached.
              ledger: { tableName: 'unused', endpoint: 'http://127.0.0.1:9' },
              stepFunctions: { endpoint: 'http://127.0.0.1:9' },
              iceberg: { sqlite: { path: ':memory:', warehouse: 'file:///nowhere' } },
            },
          },
        }),
      ],
    });
    try {
      const decision = createLakeTableConditionalDecision(lakeTableReadPermission, lakeTableConditions.isInLayer({ layers: ['gold'] }));
      const ask = (resourceRef: string) => ({ id: resourceRef, resourceRef, resourceType: LAKE_TABLE_RESOURCE_TYPE, conditions: decision.conditions });
      const { body } = await request(backend.server)
        .post('/api/lake-catalog/.well-known/backstage/permissions/apply-conditions')
        .set('authorization', mockCredentials.service.header())
        .send({ items: [ask('gold.top_drinkers'), ask('silver.profile'), ask('silver.nope')] })
        .expect(200);
      expect(body).toEqual({
        items: [
          { id: 'gold.top_drinkers', result: AuthorizeResult.ALLOW },
          { id: 'silver.profile', result: AuthorizeResult.DENY },
          { id: 'silver.nope', result: AuthorizeResult.DENY },
        ],
      });
    } finally {
      await backend.stop();
    }
  });
});
