import { usePermission } from '@backstage/plugin-permission-react';
import {
  type gitopsPromotionCreatePermission,
  toGitOpsPermissionResourceRef,
} from '@gitops-portal/plugin-gitops-common';

/**
 * A resource permission of the GitOps resource type (promotion, rollback, status read).
 *
 * @public
 */
export type GitOpsResourcePermission = typeof gitopsPromotionCreatePermission;

/**
 * Whether the user holds a GitOps permission on the entity in one environment.
 * `allowed` is undefined while loading or when the permission backend cannot decide (e.g. a
 * conditional decision it cannot evaluate for this resource): then the backend's gates decide.
 *
 * @public
 */
export function useGitOpsPermission(
  permission: GitOpsResourcePermission,
  entityRef: string,
  environment: string,
): { allowed: boolean | undefined; loading: boolean } {
  const { allowed, loading, error } = usePermission({
    permission,
    resourceRef: toGitOpsPermissionResourceRef(entityRef, environment),
  });
  if (loading) return { allowed: undefined, loading: true };
  if (error) return { allowed: undefined, loading: false };
  return { allowed, loading: false };
}
