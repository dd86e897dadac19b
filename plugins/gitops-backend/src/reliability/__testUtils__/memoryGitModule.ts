import { createBackendModule } from '@backstage/backend-plugin-api';
import { gitopsProvidersExtensionPoint } from '@gitops-portal/plugin-gitops-node';
import type { InMemoryRepositoryProvider } from '../../__testUtils__/InMemoryRepositoryProvider';

/** The Git calls that change the repository. */
export const WRITE_METHODS = [
  'createBranch',
  'deleteBranch',
  'commitFiles',
  'createPullRequest',
  'mergePullRequest',
] as const;

/** How many writes the provider has taken so far. */
export function writesOf(provider: InMemoryRepositoryProvider): number {
  return WRITE_METHODS.reduce((sum, m) => sum + (provider.calls[m] ?? 0), 0);
}

/**
 * A module of the real plugin that serves the GitOps repository from an in-memory Git host,
 * through the plugin's own extension point (module factories come before the built-in
 * GitHub one), so that a test can count every write the plugin makes.
 */
export function memoryGitModule(
  provider: InMemoryRepositoryProvider,
  repositoryUrl: string,
) {
  return createBackendModule({
    pluginId: 'gitops',
    moduleId: 'reliability-memory-git',
    register(env) {
      env.registerInit({
        deps: { providers: gitopsProvidersExtensionPoint },
        async init({ providers }) {
          providers.addProviderFactory({
            type: 'memory',
            supports: url => url === repositoryUrl,
            create: () => provider,
          });
        },
      });
    },
  });
}
