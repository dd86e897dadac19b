/**
 * Scaffolder actions that open GitOps pull requests.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGitops as default } from './module';
export { createGitOpsPromoteAction } from './actions/promote';
export { createGitOpsRollbackAction } from './actions/rollback';
export { createGitOpsSetImageAction } from './actions/setImage';
export { createGitOpsOnboardServiceAction } from './actions/onboardService';
