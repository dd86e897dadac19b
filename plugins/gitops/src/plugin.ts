import type { Entity } from '@backstage/catalog-model';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { isGitOpsAnnotated } from '@gitops-portal/plugin-gitops-common';
import { GitOpsClient, gitOpsApiRef } from './api';

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
  apis: [
    createApiFactory({
      api: gitOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { entityContent: entityContentRouteRef },
});

/**
 * The entity tab "GitOps" (legacy frontend system), e.g.
 * `<EntityLayout.Route path="/gitops" title="GitOps" if={isGitOpsAvailable}>`.
 *
 * @public
 */
export const EntityGitOpsContent = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitOpsContent',
    mountPoint: entityContentRouteRef,
    component: () =>
      import('./components/GitOpsContent').then(m => m.GitOpsContent),
  }),
);

/**
 * The overview card: environment × status matrix linking to the tab (legacy frontend system).
 *
 * @public
 */
export const EntityGitOpsCard = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitOpsCard',
    component: {
      lazy: () =>
        import('./components/GitOpsOverviewCard').then(
          m => m.GitOpsOverviewCard,
        ),
    },
  }),
);

/**
 * True when the entity carries the annotations the GitOps plugin reads
 * (`gitops/service`, or the Argo CD plugin's `argocd/app-name` / `argocd/app-selector`).
 *
 * @public
 */
export const isGitOpsAvailable = (entity: Entity): boolean =>
  isGitOpsAnnotated(entity);
