/**
 * The GitOps backend plugin.
 *
 * @packageDocumentation
 */

export { gitopsPlugin as default } from './plugin';
export { readGitOpsConfig } from './config/GitOpsConfig';
export type {
  GitOpsConfig,
  GitOpsEnvironmentConfig,
  ArgoCdInstanceConfig,
} from './config/GitOpsConfig';
export type { DesiredStateSource, EntityStatusReader } from './service/types';
export { RepositoryDesiredStateSource } from './pins/RepositoryDesiredStateSource';
export type {
  PinAtHead,
  RepositoryDesiredStateSourceOptions,
} from './pins/RepositoryDesiredStateSource';
export type { ImagePin, PinFormat, PinLookup } from './pins/ImagePin';
export { readPinFile, setPinDigest } from './pins/pinFile';
export { GithubRepositoryProvider } from './git/GithubRepositoryProvider';
export type { GithubRepositoryProviderOptions } from './git/GithubRepositoryProvider';
export { GitlabRepositoryProvider } from './git/GitlabRepositoryProvider';
export type { GitlabRepositoryProviderOptions } from './git/GitlabRepositoryProvider';
export { GitProviderError } from './git/GitProviderError';
