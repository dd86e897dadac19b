/*
 * The portal's backend: catalog, scaffolder, auth (guest for local use), permissions with the
 * portal's own policy, and the GitOps plugin with its scaffolder actions.
 */
import { createBackend } from '@backstage/backend-defaults';
import { permissionModuleGitOpsPolicy } from './permissions/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

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
