import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GitOpsRepositoryProviderFactory } from './providers/GitOpsRepositoryProvider';

/**
 * Adds Git hosts (Bitbucket, Azure DevOps, ...) to the GitOps backend.
 *
 * @public
 */
export interface GitOpsProvidersExtensionPoint {
  addProviderFactory(factory: GitOpsRepositoryProviderFactory): void;
}

/**
 * Extension point of the GitOps backend for Git providers.
 *
 * @public
 */
export const gitopsProvidersExtensionPoint =
  createExtensionPoint<GitOpsProvidersExtensionPoint>({
    id: 'gitops.providers',
  });
