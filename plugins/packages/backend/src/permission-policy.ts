// The dev portal's permission policy: everyone may read the catalog and every lake table. A real portal
// brings its own policy; lake.table.read (resource type lake-table, the table ref as resource) is what it
// decides for the lake catalog, e.g. only gold outside the data team, with lakeTableConditions (docs/portal.md).
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

class AllowEveryonePolicy implements PermissionPolicy {
  async handle(): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}

export const lakePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'datamaster-dev-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new AllowEveryonePolicy());
      },
    });
  },
});
