import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { gitopsPermissions } from '@gitops-portal/plugin-gitops-common';
import {
  type GitOpsRepositoryProviderFactory,
  gitopsEntityPermissionResourceRef,
  gitopsPermissionRules,
  gitopsProvidersExtensionPoint,
} from '@gitops-portal/plugin-gitops-node';
import { readGitOpsConfig } from './config/GitOpsConfig';
import { createRouter } from './router';
import { EntityAccess } from './service/EntityAccess';

/**
 * The GitOps backend plugin: Argo CD status of catalog entities on every cluster, and
 * promotions and rollbacks by pull request on the GitOps repository.
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const providerFactories: GitOpsRepositoryProviderFactory[] = [];
    env.registerExtensionPoint(gitopsProvidersExtensionPoint, {
      addProviderFactory(factory) {
        providerFactories.push(factory);
      },
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readGitOpsConfig(deps.rootConfig);
        deps.permissionsRegistry.addResourceType({
          resourceRef: gitopsEntityPermissionResourceRef,
          permissions: gitopsPermissions.filter(p => p.type === 'resource'),
          rules: Object.values(gitopsPermissionRules),
        });
        deps.permissionsRegistry.addPermissions(
          gitopsPermissions.filter(p => p.type === 'basic'),
        );
        const entityAccess = new EntityAccess(deps);

        deps.httpRouter.use(
          await createRouter({ config, entityAccess, routers: [] }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.logger.info(
          `GitOps plugin serving ${config.environments.length} environments from ${config.repository.url}`,
        );
      },
    });
  },
});
