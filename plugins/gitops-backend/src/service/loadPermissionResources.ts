import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { parseGitOpsPermissionResourceRef } from '@gitops-portal/plugin-gitops-common';
import type { GitOpsEntityResource } from '@gitops-portal/plugin-gitops-node';

/**
 * The `getResources` of the `gitops-entity` resource type: turns the references the frontend's
 * permission hooks send (`<entityRef>#<environment>`) into the resources the rules judge, so
 * the permission backend can decide conditional decisions (owner, environment) for a button.
 * Entities are read with the plugin's own credentials: the decision, not the read, is the
 * caller's; unknown entities give `undefined` (a denial).
 */
export async function loadPermissionResources(
  resourceRefs: string[],
  deps: { catalog: CatalogService; auth: AuthService },
): Promise<Array<GitOpsEntityResource | undefined>> {
  const parsed = resourceRefs.map(parseGitOpsPermissionResourceRef);
  const { items } = await deps.catalog.getEntitiesByRefs(
    { entityRefs: parsed.map(p => p.entityRef) },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return parsed.map((p, i) => {
    const entity = items[i];
    if (!entity) return undefined;
    return p.environment ? { entity, environment: p.environment } : { entity };
  });
}
