import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { GitOpsPortalPolicy } from './GitOpsPortalPolicy';

/**
 * Installs {@link GitOpsPortalPolicy}. Config:
 * `permission.gitopsPolicy.releaseManagers` (group refs, default `group:default/release-managers`)
 * and `permission.gitopsPolicy.ownerEnvironments` (default: every environment but the last).
 */
export const permissionModuleGitOpsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'gitops-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
      },
      async init({ policy, config, userInfo, auth }) {
        const environments = (
          config.getOptionalConfigArray('gitops.environments') ?? []
        ).map(e => e.getString('name'));
        policy.setPolicy(
          new GitOpsPortalPolicy({
            auth,
            userInfo,
            releaseManagers: config.getOptionalStringArray(
              'permission.gitopsPolicy.releaseManagers',
            ) ?? ['group:default/release-managers'],
            ownerEnvironments:
              config.getOptionalStringArray(
                'permission.gitopsPolicy.ownerEnvironments',
              ) ?? environments.slice(0, -1),
          }),
        );
      },
    });
  },
});
