import type {
  AuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  gitopsPinCreatePermission,
  gitopsPromotionCreatePermission,
  gitopsRollbackCreatePermission,
} from '@gitops-portal/plugin-gitops-common';
import {
  createGitOpsConditionalDecision,
  gitopsConditions,
} from '@gitops-portal/plugin-gitops-node';

/**
 * Options of {@link GitOpsPortalPolicy}.
 */
export interface GitOpsPortalPolicyOptions {
  auth: AuthService;
  userInfo: UserInfoService;
  /** Groups (entity refs) whose members may change any environment, prod included. */
  releaseManagers: string[];
  /** Environments the owners of an entity may promote it to (all but the last, by default). */
  ownerEnvironments: string[];
}

/**
 * The portal's permission policy:
 * - owners of an entity promote it to the owner environments (dev and staging); only release
 *   managers promote to the others (prod);
 * - owners roll their entity back in any environment: recovery must not wait for someone else,
 *   and the pull request still needs its reviews;
 * - pinning a digest by service name (CI, templates) is for release managers and services;
 * - everything else is allowed.
 */
export class GitOpsPortalPolicy implements PermissionPolicy {
  private readonly releaseManagers: Set<string>;

  constructor(private readonly options: GitOpsPortalPolicyOptions) {
    this.releaseManagers = new Set(
      options.releaseManagers.map(r => r.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const gitopsChange =
      isPermission(permission, gitopsPromotionCreatePermission) ||
      isPermission(permission, gitopsRollbackCreatePermission) ||
      isPermission(permission, gitopsPinCreatePermission);
    if (!gitopsChange) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user || !this.options.auth.isPrincipal(user.credentials, 'user')) {
      // Service principals (CI through an external access token, other plugins).
      return { result: AuthorizeResult.ALLOW };
    }
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      user.credentials,
    );
    const claims = ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (claims.some(c => this.releaseManagers.has(c))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, gitopsPromotionCreatePermission)) {
      return createGitOpsConditionalDecision(permission, {
        allOf: [
          gitopsConditions.isEntityOwner({ claims }),
          gitopsConditions.isEnvironment({
            environments: this.options.ownerEnvironments,
          }),
        ],
      });
    }
    if (isPermission(permission, gitopsRollbackCreatePermission)) {
      return createGitOpsConditionalDecision(
        permission,
        gitopsConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
