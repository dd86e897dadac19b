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
import { createChangesFeature } from './changes/createChangesFeature';
import { CachedEntityChangeRecords } from './changes/CachedEntityChangeRecords';
import { openChangeRecordStore } from './changes/openChangeRecordStore';
import { readGitOpsConfig } from './config/GitOpsConfig';
import { createRepositoryProvider } from './git/createRepositoryProvider';
import { RepositoryDesiredStateSource } from './pins/RepositoryDesiredStateSource';
import { createRouter } from './router';
import { EntityAccess } from './service/EntityAccess';
import { loadPermissionResources } from './service/loadPermissionResources';
import { createStatusFeature } from './status/createStatusFeature';

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
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const config = readGitOpsConfig(deps.rootConfig);
        deps.permissionsRegistry.addResourceType({
          resourceRef: gitopsEntityPermissionResourceRef,
          permissions: gitopsPermissions.filter(p => p.type === 'resource'),
          rules: Object.values(gitopsPermissionRules),
          getResources: refs => loadPermissionResources(refs, deps),
        });
        deps.permissionsRegistry.addPermissions(
          gitopsPermissions.filter(p => p.type === 'basic'),
        );
        const entityAccess = new EntityAccess(deps);

        // The GitOps repository, through a module's provider or the GitHub/GitLab integrations.
        const provider = createRepositoryProvider({
          rootConfig: deps.rootConfig,
          config,
          moduleFactories: providerFactories,
          logger: deps.logger,
        });
        const desiredState = new RepositoryDesiredStateSource({
          provider,
          branch: config.repository.branch,
          layout: config.repository.layout,
        });
        const records = await openChangeRecordStore(deps.database);
        const status = await createStatusFeature({
          ...deps,
          config,
          entityAccess,
          desiredState,
          changeRecords: new CachedEntityChangeRecords({ store: records }),
        });
        const changes = await createChangesFeature({
          ...deps,
          config,
          entityAccess,
          provider,
          store: records,
          statusReader: status.entityStatus,
        });

        deps.httpRouter.use(
          await createRouter({
            config,
            entityAccess,
            routers: [status.router, changes.router],
          }),
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
