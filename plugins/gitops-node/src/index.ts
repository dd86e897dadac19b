/**
 * Extension points, service interfaces and Argo CD wire types of the GitOps backend plugin.
 *
 * @packageDocumentation
 */

export * from './argocd/types';
export * from './argocd/rollouts';
export * from './providers/GitOpsRepositoryProvider';
export * from './extensionPoints';
export * from './client/GitOpsBackendClient';
export * from './permissions/resource';
export * from './permissions/rules';
