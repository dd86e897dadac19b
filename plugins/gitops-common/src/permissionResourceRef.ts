/**
 * Resource references of the GitOps permissions, as the frontend's permission hooks send them.
 *
 * A change is decided on an entity and the environment it targets (owners may promote to
 * staging but not to prod), so the reference carries both: `<entityRef>#<environment>`, e.g.
 * `component:default/gateway#staging`. A plain entity reference (no `#`) stands for the entity
 * alone. Entity references never contain `#`, so the split is unambiguous.
 */

/**
 * Separator between the entity reference and the environment.
 *
 * @public
 */
export const GITOPS_RESOURCE_REF_ENVIRONMENT_SEPARATOR = '#';

/**
 * The resource reference of a GitOps permission on an entity, optionally in one environment.
 *
 * @public
 */
export function toGitOpsPermissionResourceRef(
  entityRef: string,
  environment?: string,
): string {
  return environment
    ? `${entityRef}${GITOPS_RESOURCE_REF_ENVIRONMENT_SEPARATOR}${environment}`
    : entityRef;
}

/**
 * Splits a resource reference made by {@link toGitOpsPermissionResourceRef}: what a backend's
 * `getResources` of the `gitops-entity` resource type loads.
 *
 * @public
 */
export function parseGitOpsPermissionResourceRef(resourceRef: string): {
  entityRef: string;
  environment?: string;
} {
  const index = resourceRef.lastIndexOf(
    GITOPS_RESOURCE_REF_ENVIRONMENT_SEPARATOR,
  );
  if (index < 0) {
    return { entityRef: resourceRef };
  }
  const environment = resourceRef.slice(index + 1);
  return {
    entityRef: resourceRef.slice(0, index),
    ...(environment ? { environment } : {}),
  };
}
