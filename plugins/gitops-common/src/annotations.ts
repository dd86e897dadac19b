import type { Entity } from '@backstage/catalog-model';

/**
 * The service folder name of an entity in the GitOps repository layout.
 *
 * @public
 */
export const GITOPS_SERVICE_ANNOTATION = 'gitops/service';

/**
 * Label an Argo CD Application may carry to name its environment when its source path does not.
 *
 * @public
 */
export const GITOPS_ENVIRONMENT_LABEL = 'gitops/environment';

/**
 * Annotations of the existing Argo CD plugins, honoured unchanged.
 *
 * @public
 */
export const ARGOCD_ANNOTATIONS = {
  appName: 'argocd/app-name',
  appSelector: 'argocd/app-selector',
  instanceName: 'argocd/instance-name',
  appNamespace: 'argocd/app-namespace',
} as const;

/**
 * True when the entity carries any annotation the GitOps plugin reads.
 *
 * @public
 */
export function isGitOpsAnnotated(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[GITOPS_SERVICE_ANNOTATION] ||
      annotations[ARGOCD_ANNOTATIONS.appName] ||
      annotations[ARGOCD_ANNOTATIONS.appSelector],
  );
}
