import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { createGitOpsOnboardServiceAction } from './actions/onboardService';
import { createGitOpsPromoteAction } from './actions/promote';
import { createGitOpsRollbackAction } from './actions/rollback';
import { createGitOpsSetImageAction } from './actions/setImage';

/**
 * Scaffolder actions that open pull requests on the GitOps repository: `gitops:promote`,
 * `gitops:rollback`, `gitops:set-image` and `gitops:onboard-service`. They call the GitOps
 * backend on behalf of the template's user, so its gates and permission checks apply.
 *
 * @public
 */
export const scaffolderModuleGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        const client = new GitOpsBackendClient({ discovery, auth });
        scaffolder.addActions(
          createGitOpsPromoteAction({ client }),
          createGitOpsRollbackAction({ client }),
          createGitOpsSetImageAction({ client }),
          createGitOpsOnboardServiceAction({ client }),
        );
      },
    });
  },
});
