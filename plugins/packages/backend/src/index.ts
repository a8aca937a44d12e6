// The portal's dev backend: the catalog with the lake's entity provider, the lake-catalog backend, the
// permission framework (with the policy below) and the app backend serving the built frontend. `datamaster
// portal` starts it with a config written from the lake home (app-config.yaml here holds what never changes).
import { createBackend } from '@backstage/backend-defaults';
import { lakePermissionPolicyModule } from './permission-policy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@datamaster/plugin-catalog-backend-module-lake'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(lakePermissionPolicyModule);
backend.add(import('@datamaster/plugin-lake-catalog-backend'));

backend.start();
