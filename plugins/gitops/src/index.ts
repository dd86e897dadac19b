/**
 * GitOps entity tab and card for Backstage (legacy frontend system).
 * The new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  gitopsPlugin,
  entityContentRouteRef,
  EntityGitOpsContent,
  EntityGitOpsCard,
  isGitOpsAvailable,
} from './plugin';
export { GitOpsClient, GateFailedError, gitOpsApiRef } from './api';
export type {
  DriftQuery,
  GitOpsApi,
  StatusSubscriber,
  StatusUpdateMode,
} from './api';
export {
  useEntityGitOpsStatus,
  useGitOpsConfig,
  type EntityGitOpsStatusState,
} from './hooks';
export {
  GitOpsEnvironmentPicker,
  GitOpsEnvironmentPickerFieldExtension,
  GitOpsEnvironmentPickerFieldSchema,
  GitOpsDigestPicker,
  GitOpsDigestPickerFieldExtension,
  GitOpsDigestPickerFieldSchema,
  gitOpsDigestPickerValidation,
  type GitOpsEnvironmentPickerProps,
  type GitOpsEnvironmentPickerUiOptions,
  type GitOpsDigestPickerProps,
  type GitOpsDigestPickerUiOptions,
} from './fields';
