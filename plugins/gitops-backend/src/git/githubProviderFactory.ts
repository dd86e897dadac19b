import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { GitOpsRepositoryProviderFactory } from '@gitops-portal/plugin-gitops-node';
import { GithubRepositoryProvider } from './GithubRepositoryProvider';
import { parseRepositoryUrl } from './repositoryUrl';

/**
 * Serves repositories on every host of a Backstage GitHub integration (github.com and GitHub
 * Enterprise), with the integration's credentials: a token or a GitHub App.
 *
 * @public
 */
export function createGithubProviderFactory(options: {
  integrations: ScmIntegrationRegistry;
  logger?: LoggerService;
  /** See {@link GithubRepositoryProviderOptions.minWriteIntervalMs}. */
  minWriteIntervalMs?: number;
}): GitOpsRepositoryProviderFactory {
  const credentials = DefaultGithubCredentialsProvider.fromIntegrations(
    options.integrations,
  );
  return {
    type: 'github',
    supports: url => Boolean(options.integrations.github.byUrl(url)),
    create: ({ repositoryUrl }) => {
      const integration = options.integrations.github.byUrl(repositoryUrl)!;
      const repository = parseRepositoryUrl(repositoryUrl);
      const webUrl = repositoryUrl.replace(/\.git$/, '').replace(/\/+$/, '');
      return new GithubRepositoryProvider({
        repository,
        webUrl,
        apiBaseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
        getAuthHeaders: async () =>
          (await credentials.getCredentials({ url: webUrl })).headers ?? {},
        logger: options.logger,
        minWriteIntervalMs: options.minWriteIntervalMs,
      });
    },
  };
}
