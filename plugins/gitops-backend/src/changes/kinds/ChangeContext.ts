import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  type ApplicationRef,
  type ChangePlan,
  type ChangeRecord,
  type ChangeType,
  type EntityGitOpsStatus,
  type GateResult,
  gitopsPinCreatePermission,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import type {
  GitOpsConfig,
  GitOpsEnvironmentConfig,
} from '../../config/GitOpsConfig';
import { readServicePin, type ServicePin } from '../../pins/readServicePin';
import { serviceFolder } from '../../pins/servicePaths';
import type { EntityAccess } from '../../service/EntityAccess';
import type { EntityStatusReader } from '../../service/types';
import { toApiRecord } from '../ChangeRecordStore';
import type { ChangeWriter, PlannedChange } from '../ChangeWriter';
import { serviceOfEntity } from '../entityService';
import { GateFailedError } from '../GateFailedError';
import type { PinHistory } from '../PinHistory';

/**
 * What a change request results in: the plan of a dry run, or the record of the pull request
 * (`created` false when it existed already).
 *
 * @public
 */
export type ChangeOutcome =
  | { kind: 'plan'; plan: ChangePlan }
  | { kind: 'record'; record: ChangeRecord; created: boolean };

/**
 * Options of {@link PromotionEngine}.
 *
 * @public
 */
export interface PromotionEngineOptions {
  config: GitOpsConfig;
  provider: GitOpsRepositoryProvider;
  writer: ChangeWriter;
  history: PinHistory;
  entityAccess: EntityAccess;
  statusReader: EntityStatusReader;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * What every change kind shares: the configured environments and repository, the loaded
 * entity, the current pin, and how a planned change ends (dry-run plan, 409 or pull request).
 */
export class ChangeContext {
  constructor(readonly options: PromotionEngineOptions) {}

  /** The configured environments, in promotion order. */
  get environments(): GitOpsEnvironmentConfig[] {
    return this.options.config.environments;
  }

  /** The environment of that name; 400 naming the request field otherwise. */
  environment(name: string, field: string): GitOpsEnvironmentConfig {
    const env = this.environments.find(e => e.name === name);
    if (!env) {
      throw new InputError(
        `Unknown environment ${JSON.stringify(
          name,
        )} in ${field}; valid environments: ${this.environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
    return env;
  }

  /** The folder of a service in an environment. */
  folder(environment: string, service: string): string {
    return serviceFolder(
      this.options.config.repository.layout,
      environment,
      service,
    );
  }

  /** The head commit of the base branch; 400 when the branch is missing. */
  async baseHead(): Promise<string> {
    const branch = this.options.config.repository.branch;
    const head = await this.options.provider.getBranchHead(branch);
    if (!head) {
      throw new InputError(`The GitOps repository has no branch ${branch}`);
    }
    return head;
  }

  /** The entity the request names, as the caller may see it, with its service. */
  async loadEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; ref: string; service: string }> {
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
    } catch (error) {
      throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
    }
    const entity = await this.options.entityAccess.load(ref, credentials);
    return {
      entity,
      ref: stringifyEntityRef(entity),
      service: serviceOfEntity(entity, this.options.statusReader),
    };
  }

  /** The pin of a service folder; 400 when the folder has no pin file. */
  async requirePin(
    folder: string,
    baseSha: string,
    service: string,
    image?: string,
  ): Promise<ServicePin> {
    const pin = await readServicePin(this.options.provider, folder, baseSha, {
      service,
      image,
    });
    if (!pin) {
      throw new InputError(
        `${folder} has no values.yaml or kustomization.yaml to pin a digest in; onboard the service there first`,
      );
    }
    return pin;
  }

  /** The Argo CD applications that deploy the entity in an environment. */
  applicationsOf(
    status: EntityGitOpsStatus | null,
    environment: string,
  ): ApplicationRef[] {
    return (
      status?.environments
        .find(e => e.name === environment)
        ?.targets.map(t => t.application) ?? []
    );
  }

  /** The entity's status, read fresh. */
  async status(entity: Entity): Promise<EntityGitOpsStatus> {
    return this.options.statusReader.getEntityStatus(entity, { fresh: true });
  }

  /** Whether the caller may pin digests and onboard services. */
  async canPin(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gitopsPinCreatePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Whether the caller may pin digests and onboard services; 403 when not, unless the
   * request is a dry run (its plan then shows the failed permission gate).
   */
  async authorizePin(
    credentials: BackstageCredentials,
    dryRun: boolean | undefined,
  ): Promise<boolean> {
    const allowed = await this.canPin(credentials);
    if (!allowed && !dryRun) {
      throw new NotAllowedError(
        `Missing permission ${gitopsPinCreatePermission.name}`,
      );
    }
    return allowed;
  }

  /**
   * Whether the caller holds an entity permission in an environment; 403 when not, unless
   * the request is a dry run (its plan then shows the failed permission gate).
   */
  async authorizeInEnvironment(
    permission: ResourcePermission,
    target: { entity: Entity; ref: string; environment: string },
    credentials: BackstageCredentials,
    dryRun: boolean | undefined,
  ): Promise<boolean> {
    const { entity, ref, environment } = target;
    const allowed = await this.options.entityAccess.can(
      permission,
      { entity, environment },
      credentials,
    );
    if (!allowed && !dryRun) {
      throw new NotAllowedError(
        `Missing permission ${permission.name} on ${ref} in environment ${environment}`,
      );
    }
    return allowed;
  }

  /** Finishes a request: dry-run plan, 409 on a failed gate, or the written pull request. */
  async finish(
    dryRun: boolean | undefined,
    type: ChangeType,
    change: PlannedChange,
    gates: GateResult[],
  ): Promise<ChangeOutcome> {
    if (dryRun) {
      return {
        kind: 'plan',
        plan: {
          type,
          branch: change.record.branch,
          title: change.title,
          files: change.files.map(f => ({
            path: f.path,
            action: f.previousContent === null ? 'create' : 'update',
            content: f.content,
          })),
          gates,
          digest: change.record.digest || null,
          previousDigest: change.record.previousDigest,
        },
      };
    }
    if (gates.some(g => !g.passed)) throw new GateFailedError(gates);
    const { record, created } = await this.options.writer.write(change);
    return { kind: 'record', record: toApiRecord(record), created };
  }

  /** An existing open pull request of the same change answers the request as it is (200). */
  async existing(branch: string, plannedAt: string, dryRun?: boolean) {
    if (dryRun) return undefined;
    const record = await this.options.writer.findExisting(branch, plannedAt);
    return record
      ? ({
          kind: 'record',
          record: toApiRecord(record),
          created: false,
        } as const)
      : undefined;
  }

  /** A planned change on the base branch; the commit message defaults to the title. */
  change(
    parts: Omit<PlannedChange, 'baseBranch' | 'plannedAt' | 'commitMessage'> & {
      commitMessage?: string;
    },
    plannedAt: string,
  ): PlannedChange {
    return {
      ...parts,
      baseBranch: this.options.config.repository.branch,
      plannedAt,
      commitMessage: parts.commitMessage ?? parts.title,
    };
  }
}
