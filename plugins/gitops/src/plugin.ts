import { createPlugin, createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the GitOps entity tab.
 *
 * @public
 */
export const entityContentRouteRef = createRouteRef({ id: 'gitops' });

/**
 * The GitOps plugin for the legacy frontend system.
 *
 * @public
 */
export const gitopsPlugin = createPlugin({
  id: 'gitops',
  routes: { entityContent: entityContentRouteRef },
});
