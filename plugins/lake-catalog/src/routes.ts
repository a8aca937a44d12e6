import { createRouteRef } from '@backstage/core-plugin-api';

/** The lake overview page. */
export const rootRouteRef = createRouteRef({ id: 'lake-catalog' });
