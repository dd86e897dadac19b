/**
 * Scaffolder actions that open GitOps pull requests.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGitops as default } from './module';
