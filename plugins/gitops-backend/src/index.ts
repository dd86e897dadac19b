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
