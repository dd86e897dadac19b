import type { Entity } from '@backstage/catalog-model';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_GITOPS_ENTITY } from '@gitops-portal/plugin-gitops-common';

/**
 * What the GitOps permissions are decided on: a catalog entity, and the environment a change
 * targets (absent for reads).
 *
 * @public
 */
export interface GitOpsEntityResource {
  entity: Entity;
  environment?: string;
}

/**
 * The GitOps resource type, for rules and conditional decisions.
 *
 * @public
 */
export const gitopsEntityPermissionResourceRef = createPermissionResourceRef<
  GitOpsEntityResource,
  never
>().with({ pluginId: 'gitops', resourceType: RESOURCE_TYPE_GITOPS_ENTITY });
