import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type {
  GitOpsRepositoryProvider,
  GitOpsRepositoryProviderFactory,
} from '@gitops-portal/plugin-gitops-node';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import { createGithubProviderFactory } from './githubProviderFactory';
import { createGitlabProviderFactory } from './gitlabProviderFactory';
import { selectRepositoryProvider } from './selectRepositoryProvider';

/**
 * The provider of the configured GitOps repository: from a module's factory when one serves
 * its URL, else from the built-in GitHub or GitLab support with Backstage's integrations.
 *
 * @public
 */
export function createRepositoryProvider(options: {
  rootConfig: Config;
  config: GitOpsConfig;
  moduleFactories: GitOpsRepositoryProviderFactory[];
  logger: LoggerService;
}): GitOpsRepositoryProvider {
  const integrations = ScmIntegrations.fromConfig(options.rootConfig);
  return selectRepositoryProvider(options.config.repository.url, [
    ...options.moduleFactories,
    createGithubProviderFactory({
      integrations,
      logger: options.logger,
      minWriteIntervalMs: options.config.repository.minWriteIntervalMs,
    }),
    createGitlabProviderFactory({ integrations, logger: options.logger }),
  ]);
}
