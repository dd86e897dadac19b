import {
  coreServices,
  createServiceFactory,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_GITOPS_ENTITY } from '@gitops-portal/plugin-gitops-common';

/**
 * A permission policy the test changes while the backend runs: it denies the permissions
 * named in `denied` (every permission with `denyAll`), and answers a conditional decision
 * (`IS_ENVIRONMENT`) for those in `onlyEnvironments`, as a real policy limited to some
 * environments would. Everything else is allowed.
 */
export class SwitchablePolicy implements PermissionsService {
  denied = new Set<string>();
  denyAll = false;
  onlyEnvironments = new Map<string, string[]>();
  /** Decisions asked for, by permission name. */
  readonly asked = new Map<string, number>();

  /** Allows everything again. */
  reset(): void {
    this.denied.clear();
    this.denyAll = false;
    this.onlyEnvironments.clear();
  }

  private decide(name: string, conditional: boolean): PolicyDecision {
    this.asked.set(name, (this.asked.get(name) ?? 0) + 1);
    if (this.denyAll || this.denied.has(name)) {
      return { result: AuthorizeResult.DENY };
    }
    const environments = this.onlyEnvironments.get(name);
    if (environments && conditional) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'gitops',
        resourceType: RESOURCE_TYPE_GITOPS_ENTITY,
        conditions: {
          rule: 'IS_ENVIRONMENT',
          resourceType: RESOURCE_TYPE_GITOPS_ENTITY,
          params: { environments },
        },
      };
    }
    if (environments) return { result: AuthorizeResult.DENY };
    return { result: AuthorizeResult.ALLOW };
  }

  async authorize(
    requests: Parameters<PermissionsService['authorize']>[0],
  ): ReturnType<PermissionsService['authorize']> {
    return requests.map(r => {
      const decision = this.decide(r.permission.name, false);
      return {
        result:
          decision.result === AuthorizeResult.ALLOW
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    });
  }

  async authorizeConditional(
    requests: Parameters<PermissionsService['authorizeConditional']>[0],
  ): ReturnType<PermissionsService['authorizeConditional']> {
    return requests.map(r => this.decide(r.permission.name, true));
  }

  /** The permissions service of a test backend's plugins. */
  factory() {
    return createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => this,
    });
  }
}
