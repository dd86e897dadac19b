/*
 * The portal's backend: catalog, scaffolder, auth (GitHub sign-in; guest only in development),
 * permissions with the portal's own policy, and the GitOps plugin with its scaffolder actions.
 * The GitOps sandbox is not part of it: `yarn start` runs it beside the portal.
 */
import { createBackend } from '@backstage/backend-defaults';
import { permissionModuleGitOpsPolicy } from './permissions/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// The guest provider signs anyone in as the demo user: never loaded by a production build.
if (process.env.NODE_ENV !== 'production') {
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
}

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleGitOpsPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@gitops-portal/plugin-scaffolder-backend-module-gitops'));

backend.add(import('@gitops-portal/plugin-gitops-backend'));

backend.start();
