import type {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type AuthorizePermissionResponse,
  AuthorizeResult,
  type BasicPermission,
  type QueryPermissionResponse,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  type GitOpsEntityResource,
  gitopsEntityPermissionResourceRef,
} from '@gitops-portal/plugin-gitops-node';
import { callerKey } from './callerKey';
import { EntityReadCache } from './EntityReadCache';
import { InFlightCalls } from './InFlightCalls';

/**
 * Loads catalog entities as the caller sees them and decides GitOps permissions on them,
 * including conditional decisions (owner, environment) evaluated against the entity.
 *
 * @public
 */
export class EntityAccess {
  private readonly reads: EntityReadCache;
  private readonly conditionalDecisions =
    new InFlightCalls<QueryPermissionResponse>();
  private readonly basicDecisions =
    new InFlightCalls<AuthorizePermissionResponse>();
  private readonly permissions: PermissionsService;
  private readonly isAllowed: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: GitOpsEntityResource,
  ) => boolean;

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    permissionsRegistry: PermissionsRegistryService;
  }) {
    const catalog = options.catalog;
    this.reads = new EntityReadCache({
      read: (ref, credentials) => catalog.getEntityByRef(ref, { credentials }),
    });
    this.permissions = options.permissions;
    const authorize = createConditionAuthorizer(
      options.permissionsRegistry.getPermissionRuleset(
        gitopsEntityPermissionResourceRef,
      ),
    );
    this.isAllowed = (decision, resource) => authorize(decision, resource);
  }

  /**
   * The entity, read with the caller's credentials; 404 when it does not exist or is hidden.
   * Reads are shared by the caller's concurrent requests and reused for a few seconds
   * ({@link EntityReadCache}): the entity returned must not be modified.
   */
  async load(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.reads.get(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`Entity ${stringifyEntityRef(ref)} not found`);
    }
    return entity;
  }

  /**
   * The entity, read as the caller sees it (404), on which the caller holds `permission`
   * (403 naming it): the one load-and-authorize of every route about an entity.
   */
  async loadPermitted(
    ref: CompoundEntityRef,
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.load(ref, credentials);
    await this.require(permission, { entity }, credentials);
    return entity;
  }

  /** True when the caller holds the permission on the entity (and environment). */
  async can(
    permission: ResourcePermission,
    resource: GitOpsEntityResource,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const decision = await this.share(
      this.conditionalDecisions,
      permission,
      credentials,
      async () =>
        (
          await this.permissions.authorizeConditional([{ permission }], {
            credentials,
          })
        )[0],
    );
    if (decision.result === AuthorizeResult.ALLOW) return true;
    if (decision.result === AuthorizeResult.DENY) return false;
    return this.isAllowed(decision, resource);
  }

  /** True when the caller holds a basic (resource-less) permission. */
  async canBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const decision = await this.share(
      this.basicDecisions,
      permission,
      credentials,
      async () =>
        (
          await this.permissions.authorize([{ permission }], { credentials })
        )[0],
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Shares one decision among the caller's concurrent requests for the same permission (an
   * entity page asks twice at once); known callers only, and nothing is kept afterwards.
   */
  private share<T>(
    calls: InFlightCalls<T>,
    permission: BasicPermission | ResourcePermission,
    credentials: BackstageCredentials,
    decide: () => Promise<T>,
  ): Promise<T> {
    const caller = callerKey(credentials);
    if (caller === undefined) return decide();
    return calls.run(`${caller}\n${permission.name}`, decide);
  }

  /** Throws 403 naming the permission when the caller does not hold it. */
  async require(
    permission: ResourcePermission,
    resource: GitOpsEntityResource,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!(await this.can(permission, resource, credentials))) {
      const where = resource.environment
        ? ` in environment ${resource.environment}`
        : '';
      throw new NotAllowedError(
        `Missing permission ${permission.name} on ${stringifyEntityRef(
          resource.entity,
        )}${where}`,
      );
    }
  }
}
