import { InputError } from '@backstage/errors';
import type {
  GitOpsRepositoryProvider,
  GitOpsRepositoryProviderFactory,
} from '@gitops-portal/plugin-gitops-node';

/**
 * Creates the provider of the GitOps repository from the first factory that serves its URL.
 * Factories added by modules come first, so that a module can replace a built-in host.
 *
 * @public
 */
export function selectRepositoryProvider(
  repositoryUrl: string,
  factories: GitOpsRepositoryProviderFactory[],
): GitOpsRepositoryProvider {
  const factory = factories.find(f => f.supports(repositoryUrl));
  if (!factory) {
    const host = (() => {
      try {
        return new URL(repositoryUrl).host;
      } catch {
        return repositoryUrl;
      }
    })();
    throw new InputError(
      `No Git provider serves gitops.repository.url (host ${host}); configure a GitHub or GitLab integration for it, or add a provider module (known: ${
        factories.map(f => f.type).join(', ') || 'none'
      })`,
    );
  }
  return factory.create({ repositoryUrl });
}
