import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of the GitOps permissions: a catalog entity, optionally together with the
 * environment a change targets. Rules (owner of the entity, environment in a list) apply to it.
 *
 * @public
 */
export const RESOURCE_TYPE_GITOPS_ENTITY = 'gitops-entity';

/**
 * Read the GitOps status, drift, history and records of an entity.
 *
 * @public
 */
export const gitopsStatusReadPermission = createPermission({
  name: 'gitops.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_GITOPS_ENTITY,
});

/**
 * Open a promotion pull request for an entity into an environment.
 *
 * @public
 */
export const gitopsPromotionCreatePermission = createPermission({
  name: 'gitops.promotion.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_GITOPS_ENTITY,
});

/**
 * Open a rollback pull request for an entity in an environment.
 *
 * @public
 */
export const gitopsRollbackCreatePermission = createPermission({
  name: 'gitops.rollback.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_GITOPS_ENTITY,
});

/**
 * Pin a digest or onboard a service directly by service name (CI and templates).
 * A basic permission: there may be no catalog entity yet.
 *
 * @public
 */
export const gitopsPinCreatePermission = createPermission({
  name: 'gitops.pin.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the GitOps plugin.
 *
 * @public
 */
export const gitopsPermissions = [
  gitopsStatusReadPermission,
  gitopsPromotionCreatePermission,
  gitopsRollbackCreatePermission,
  gitopsPinCreatePermission,
];
