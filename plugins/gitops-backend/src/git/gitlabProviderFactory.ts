import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { GitOpsRepositoryProviderFactory } from '@gitops-portal/plugin-gitops-node';
import { GitlabRepositoryProvider } from './GitlabRepositoryProvider';
import { parseRepositoryUrl } from './repositoryUrl';

/**
 * Serves repositories on every host of a Backstage GitLab integration, with its token.
 *
 * @public
 */
export function createGitlabProviderFactory(options: {
  integrations: ScmIntegrationRegistry;
  logger?: LoggerService;
}): GitOpsRepositoryProviderFactory {
  return {
    type: 'gitlab',
    supports: url => Boolean(options.integrations.gitlab.byUrl(url)),
    create: ({ repositoryUrl }) => {
      const integration = options.integrations.gitlab.byUrl(repositoryUrl)!;
      return new GitlabRepositoryProvider({
        repository: parseRepositoryUrl(repositoryUrl),
        webUrl: repositoryUrl.replace(/\.git$/, '').replace(/\/+$/, ''),
        baseUrl: integration.config.baseUrl,
        token: integration.config.token ?? '',
        logger: options.logger,
      });
    },
  };
}
