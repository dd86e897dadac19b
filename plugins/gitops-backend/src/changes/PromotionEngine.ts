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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type ApplicationRef,
  type ChangePlan,
  type ChangeRecord,
  type ChangeType,
  type EntityGitOpsStatus,
  type GateResult,
  gitopsPinCreatePermission,
  gitopsPromotionCreatePermission,
  gitopsRollbackCreatePermission,
  isDigest,
  isFolderName,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import type {
  GitOpsConfig,
  GitOpsEnvironmentConfig,
} from '../config/GitOpsConfig';
import { setPinDigest } from '../pins/pinFile';
import { readServicePin, type ServicePin } from '../pins/readServicePin';
import { serviceFolder } from '../pins/servicePaths';
import type { EntityAccess } from '../service/EntityAccess';
import type { EntityStatusReader } from '../service/types';
import { addServiceToApplicationSets } from './applicationSets';
import { branchNames } from './branchNames';
import { toApiRecord } from './ChangeRecordStore';
import type { ChangeWriter, PlannedChange } from './ChangeWriter';
import { serviceOfEntity } from './entityService';
import { GateFailedError } from './GateFailedError';
import { GATE } from './gates/gateNames';
import { notAtDigestGate } from './gates/notAtDigestGate';
import { permissionGate } from './gates/permissionGate';
import { sourceDigestGate } from './gates/sourceDigestGate';
import { sourceHealthGate } from './gates/sourceHealthGate';
import { syncWindowGate } from './gates/syncWindowGate';
import { planOnboardingFolder } from './onboardingFiles';
import type { PinHistory } from './PinHistory';
import { renderPullRequestBody } from './prBody';

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

/** A validated promotion request. */
export interface PromotionInput {
  entityRef: string;
  to: string;
  from?: string;
  dryRun?: boolean;
}

/** A validated rollback request. */
export interface RollbackInput {
  entityRef: string;
  environment: string;
  digest?: string;
  dryRun?: boolean;
}

/** A validated pin request. */
export interface PinInput {
  service: string;
  environment: string;
  digest: string;
  image?: string;
  dryRun?: boolean;
}

/** A validated onboarding request. */
export interface OnboardingInput {
  service: string;
  image: string;
  environments?: string[];
  digest?: string;
  format?: 'helm' | 'kustomize';
  dryRun?: boolean;
}

/** Who asks, as recorded (`user:default/alice`, or `service:<subject>`). */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return principal.type;
}

const IMAGE_PATTERN =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * The write side of the plugin: validates change requests, evaluates their gates, plans the
 * one-file (or one-folder) change and hands it to the {@link ChangeWriter}. Nothing is
 * written for bad input (400/404), a missing permission (403) or a failed gate (409).
 *
 * @public
 */
export class PromotionEngine {
  constructor(private readonly options: PromotionEngineOptions) {}

  private get environments(): GitOpsEnvironmentConfig[] {
    return this.options.config.environments;
  }

  private environment(name: string, field: string): GitOpsEnvironmentConfig {
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

  private autoMerge(env: GitOpsEnvironmentConfig): boolean {
    return env.autoMerge && env.approvals === 0;
  }

  private folder(environment: string, service: string): string {
    return serviceFolder(
      this.options.config.repository.layout,
      environment,
      service,
    );
  }

  private async baseHead(): Promise<string> {
    const branch = this.options.config.repository.branch;
    const head = await this.options.provider.getBranchHead(branch);
    if (!head) {
      throw new InputError(`The GitOps repository has no branch ${branch}`);
    }
    return head;
  }

  private async loadEntity(
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
      service: serviceOfEntity(entity),
    };
  }

  private async requirePin(
    folder: string,
    baseSha: string,
    service: string,
    image?: string,
  ) {
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

  private applicationsOf(
    status: EntityGitOpsStatus | null,
    environment: string,
  ): ApplicationRef[] {
    return (
      status?.environments
        .find(e => e.name === environment)
        ?.targets.map(t => t.application) ?? []
    );
  }

  private async status(entity: Entity): Promise<EntityGitOpsStatus> {
    return this.options.statusReader.getEntityStatus(entity, { fresh: true });
  }

  /** Finishes a request: dry-run plan, 409 on a failed gate, or the written pull request. */
  private async finish(
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
  private async existing(branch: string, plannedAt: string, dryRun?: boolean) {
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

  private change(
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

  /** `POST /v1/promotions`. */
  async promote(
    input: PromotionInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    const plannedAt = new Date().toISOString();
    const toEnv = this.environment(input.to, 'to');
    const toIndex = this.environments.indexOf(toEnv);
    let fromEnv: GitOpsEnvironmentConfig;
    if (input.from !== undefined) {
      fromEnv = this.environment(input.from, 'from');
      if (this.environments.indexOf(fromEnv) >= toIndex) {
        throw new InputError(
          `Cannot promote from ${fromEnv.name} to ${toEnv.name}: ${
            toEnv.name
          } does not come after ${fromEnv.name} (${this.environments
            .map(e => e.name)
            .join(' → ')})`,
        );
      }
    } else {
      if (toIndex === 0) {
        throw new InputError(
          `${toEnv.name} is the first environment; nothing promotes into it (pin a digest instead)`,
        );
      }
      fromEnv = this.environments[toIndex - 1];
    }
    const { entity, ref, service } = await this.loadEntity(
      input.entityRef,
      credentials,
    );
    const allowed = await this.options.entityAccess.can(
      gitopsPromotionCreatePermission,
      { entity, environment: toEnv.name },
      credentials,
    );
    if (!allowed && !input.dryRun) {
      throw new NotAllowedError(
        `Missing permission ${gitopsPromotionCreatePermission.name} on ${ref} in environment ${toEnv.name}`,
      );
    }

    const baseSha = await this.baseHead();
    const fromFolder = this.folder(fromEnv.name, service);
    const toFolder = this.folder(toEnv.name, service);
    const [source, target] = await Promise.all([
      readServicePin(this.options.provider, fromFolder, baseSha, { service }),
      this.requirePin(toFolder, baseSha, service),
    ]);
    const digest = source?.digest ?? null;
    if (
      digest &&
      source?.repository &&
      target.repository &&
      source.repository !== target.repository
    ) {
      throw new InputError(
        `${source.path} pins ${source.repository} but ${target.path} pins ${target.repository}; promote between folders of the same image`,
      );
    }
    const branch = digest
      ? branchNames.promotion(service, toEnv.name, digest)
      : '';
    if (digest) {
      const found = await this.existing(branch, plannedAt, input.dryRun);
      if (found) return found;
    }

    const status = await this.status(entity);
    const sourceStatus = status.environments.find(e => e.name === fromEnv.name);
    const targetStatus = status.environments.find(e => e.name === toEnv.name);
    const gates: GateResult[] = [
      sourceDigestGate(fromEnv.name, digest, sourceStatus),
      sourceHealthGate(fromEnv.name, sourceStatus),
      syncWindowGate(toEnv.name, targetStatus, { blocking: true }),
      digest
        ? notAtDigestGate(toEnv.name, target.digest, digest)
        : {
            name: GATE.notAtDigest,
            passed: false,
            message: `${fromEnv.name} pins no digest to promote`,
          },
      permissionGate(
        allowed,
        gitopsPromotionCreatePermission.name,
        `${ref} in ${toEnv.name}`,
      ),
    ];
    if (!digest) {
      if (input.dryRun) {
        return {
          kind: 'plan',
          plan: {
            type: 'promotion',
            branch: '',
            title: `Promote ${service} to ${toEnv.name}`,
            files: [],
            gates,
            digest: null,
            previousDigest: target.digest,
          },
        };
      }
      throw new GateFailedError(gates);
    }

    const sourceCommit = await this.lastCommit(source!, baseSha);
    const title = `Promote ${service} to ${toEnv.name} (${shortDigest(
      digest,
    )})`;
    const content =
      target.digest === digest
        ? target.file.content
        : setPinDigest(
            target.path,
            target.file.content,
            { service, image: target.repository ?? undefined },
            digest,
          );
    const actor = actorOf(credentials);
    const change = this.change(
      {
        record: {
          type: 'promotion',
          entityRef: ref,
          service,
          from: fromEnv.name,
          to: toEnv.name,
          digest,
          previousDigest: target.digest,
          branch,
          createdBy: actor,
          gates,
        },
        baseSha,
        files: [
          { path: target.path, content, previousContent: target.file.content },
        ],
        title,
        commitMessage: `${title}\n\nPromotes ${digest}\nfrom ${fromEnv.name} (${
          source!.path
        } at ${sourceCommit ?? baseSha})\nto ${
          toEnv.name
        }, as requested by ${actor}.`,
        body: renderPullRequestBody({
          kind: 'promotion',
          service,
          entityRef: ref,
          from: fromEnv.name,
          to: toEnv.name,
          digest,
          previousDigest: target.digest,
          sourceCommit: sourceCommit ?? baseSha,
          repositoryUrl: this.options.provider.webUrl,
          files: [target.path],
          gates,
          applications: [
            ...this.applicationsOf(status, fromEnv.name),
            ...this.applicationsOf(status, toEnv.name),
          ],
          requestedBy: actor,
          approvals: toEnv.approvals,
          autoMerge: this.autoMerge(toEnv),
          notes: [],
        }),
        labels: ['gitops', 'promotion', `env:${toEnv.name}`],
        autoMerge: this.autoMerge(toEnv),
      },
      plannedAt,
    );
    return this.finish(input.dryRun, 'promotion', change, gates);
  }

  private async lastCommit(
    pin: ServicePin,
    ref: string,
  ): Promise<string | null> {
    const [last] = await this.options.provider.listCommits(pin.path, {
      ref,
      page: 1,
      perPage: 1,
    });
    return last?.sha ?? null;
  }

  /** `POST /v1/rollbacks`. */
  async rollback(
    input: RollbackInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    const plannedAt = new Date().toISOString();
    const env = this.environment(input.environment, 'environment');
    if (input.digest !== undefined && !isDigest(input.digest)) {
      throw new InputError(
        `Invalid digest ${JSON.stringify(
          input.digest,
        )}: expected sha256: and 64 hex characters`,
      );
    }
    const { entity, ref, service } = await this.loadEntity(
      input.entityRef,
      credentials,
    );
    const allowed = await this.options.entityAccess.can(
      gitopsRollbackCreatePermission,
      { entity, environment: env.name },
      credentials,
    );
    if (!allowed && !input.dryRun) {
      throw new NotAllowedError(
        `Missing permission ${gitopsRollbackCreatePermission.name} on ${ref} in environment ${env.name}`,
      );
    }
    const baseSha = await this.baseHead();
    const target = await this.requirePin(
      this.folder(env.name, service),
      baseSha,
      service,
    );
    const digest =
      input.digest ??
      (await this.options.history.previousDistinctDigest(
        service,
        env.name,
        target.digest,
      ));
    if (!digest) {
      throw new InputError(
        `${target.path} has no earlier digest in its history to roll back to; give a digest`,
      );
    }
    const branch = branchNames.rollback(service, env.name, digest);
    const found = await this.existing(branch, plannedAt, input.dryRun);
    if (found) return found;

    const status = await this.status(entity);
    const targetStatus = status.environments.find(e => e.name === env.name);
    const windowGate = syncWindowGate(env.name, targetStatus, {
      blocking: false,
    });
    const gates: GateResult[] = [
      notAtDigestGate(env.name, target.digest, digest),
      windowGate,
      permissionGate(
        allowed,
        gitopsRollbackCreatePermission.name,
        `${ref} in ${env.name}`,
      ),
    ];
    const windowActive = targetStatus?.targets.some(
      t => t.syncWindows && !t.syncWindows.canSync,
    );
    const content =
      target.digest === digest
        ? target.file.content
        : setPinDigest(
            target.path,
            target.file.content,
            { service, image: target.repository ?? undefined },
            digest,
          );
    const title = `Roll back ${service} in ${env.name} to ${shortDigest(
      digest,
    )}`;
    const actor = actorOf(credentials);
    const change = this.change(
      {
        record: {
          type: 'rollback',
          entityRef: ref,
          service,
          from: null,
          to: env.name,
          digest,
          previousDigest: target.digest,
          branch,
          createdBy: actor,
          gates,
        },
        baseSha,
        files: [
          { path: target.path, content, previousContent: target.file.content },
        ],
        title,
        commitMessage: `${title}\n\nPins ${digest} again in ${env.name} (was ${
          target.digest ?? 'nothing'
        }), as requested by ${actor}.`,
        body: renderPullRequestBody({
          kind: 'rollback',
          service,
          entityRef: ref,
          from: null,
          to: env.name,
          digest,
          previousDigest: target.digest,
          sourceCommit: null,
          repositoryUrl: this.options.provider.webUrl,
          files: [target.path],
          gates,
          applications: this.applicationsOf(status, env.name),
          requestedBy: actor,
          approvals: env.approvals,
          autoMerge: this.autoMerge(env),
          notes: windowActive
            ? [
                `⚠️ A sync window is active on ${env.name}: ${windowGate.message}.`,
              ]
            : [],
        }),
        labels: ['gitops', 'rollback', `env:${env.name}`],
        autoMerge: this.autoMerge(env),
      },
      plannedAt,
    );
    return this.finish(input.dryRun, 'rollback', change, gates);
  }

  private async canPin(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gitopsPinCreatePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** `POST /v1/pins`. */
  async pin(
    input: PinInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    const plannedAt = new Date().toISOString();
    if (!isFolderName(input.service)) {
      throw new InputError(
        `Invalid service name ${JSON.stringify(
          input.service,
        )}: it must be one plain folder name`,
      );
    }
    const env = this.environment(input.environment, 'environment');
    if (!isDigest(input.digest)) {
      throw new InputError(
        `Invalid digest ${JSON.stringify(
          input.digest,
        )}: expected sha256: and 64 hex characters`,
      );
    }
    if (input.image !== undefined && !IMAGE_PATTERN.test(input.image)) {
      throw new InputError(
        `Invalid image repository ${JSON.stringify(input.image)}`,
      );
    }
    const allowed = await this.canPin(credentials);
    if (!allowed && !input.dryRun) {
      throw new NotAllowedError(
        `Missing permission ${gitopsPinCreatePermission.name}`,
      );
    }
    const { service, digest } = input;
    const baseSha = await this.baseHead();
    const target = await this.requirePin(
      this.folder(env.name, service),
      baseSha,
      service,
      input.image,
    );
    if (input.image && target.repository && target.repository !== input.image) {
      throw new InputError(
        `${target.path} pins ${target.repository}, not ${input.image}`,
      );
    }
    const branch = branchNames.pin(service, env.name, digest);
    const found = await this.existing(branch, plannedAt, input.dryRun);
    if (found) return found;
    const gates: GateResult[] = [
      notAtDigestGate(env.name, target.digest, digest),
      permissionGate(
        allowed,
        gitopsPinCreatePermission.name,
        `${service} in ${env.name}`,
      ),
    ];
    const content =
      target.digest === digest
        ? target.file.content
        : setPinDigest(
            target.path,
            target.file.content,
            { service, image: target.repository ?? undefined },
            digest,
          );
    const title = `Pin ${service} in ${env.name} to ${shortDigest(digest)}`;
    const actor = actorOf(credentials);
    const change = this.change(
      {
        record: {
          type: 'pin',
          entityRef: null,
          service,
          from: null,
          to: env.name,
          digest,
          previousDigest: target.digest,
          branch,
          createdBy: actor,
          gates,
        },
        baseSha,
        files: [
          { path: target.path, content, previousContent: target.file.content },
        ],
        title,
        commitMessage: `${title}\n\nPins ${digest} (${
          target.repository ?? 'image'
        }) in ${env.name}, as requested by ${actor}.`,
        body: renderPullRequestBody({
          kind: 'pin',
          service,
          entityRef: null,
          from: null,
          to: env.name,
          digest,
          previousDigest: target.digest,
          sourceCommit: null,
          repositoryUrl: this.options.provider.webUrl,
          files: [target.path],
          gates,
          applications: [],
          requestedBy: actor,
          approvals: env.approvals,
          autoMerge: this.autoMerge(env),
          notes: [],
        }),
        labels: ['gitops', 'pin', `env:${env.name}`],
        autoMerge: this.autoMerge(env),
      },
      plannedAt,
    );
    return this.finish(input.dryRun, 'pin', change, gates);
  }

  /** `POST /v1/onboardings`. */
  async onboard(
    input: OnboardingInput,
    credentials: BackstageCredentials,
  ): Promise<ChangeOutcome> {
    const plannedAt = new Date().toISOString();
    if (!isFolderName(input.service)) {
      throw new InputError(
        `Invalid service name ${JSON.stringify(
          input.service,
        )}: it must be one plain folder name`,
      );
    }
    if (!IMAGE_PATTERN.test(input.image)) {
      throw new InputError(
        `Invalid image repository ${JSON.stringify(input.image)}`,
      );
    }
    if (input.digest !== undefined && !isDigest(input.digest)) {
      throw new InputError(
        `Invalid digest ${JSON.stringify(
          input.digest,
        )}: expected sha256: and 64 hex characters`,
      );
    }
    const envs = (input.environments ?? this.environments.map(e => e.name)).map(
      name => this.environment(name, 'environments'),
    );
    if (envs.length === 0) throw new InputError('environments is empty');
    const format = input.format ?? 'helm';
    const allowed = await this.canPin(credentials);
    if (!allowed && !input.dryRun) {
      throw new NotAllowedError(
        `Missing permission ${gitopsPinCreatePermission.name}`,
      );
    }
    const { service, image } = input;
    const baseSha = await this.baseHead();
    const provider = this.options.provider;
    const layout = this.options.config.repository.layout;

    const existingFolders: string[] = [];
    const files: PlannedChange['files'] = [];
    const notes: string[] = [];
    for (const env of envs) {
      const folder = this.folder(env.name, service);
      const present = await provider.listFiles(folder, baseSha);
      if (present.length > 0) {
        existingFolders.push(folder);
        continue;
      }
      const planned = await planOnboardingFolder({
        provider,
        ref: baseSha,
        layout,
        environment: env.name,
        service,
        image,
        digest: input.digest ?? null,
        format,
      });
      if (!planned.modelledOn) {
        notes.push(
          `${folder} holds the pin file only: add what renders it (chart or overlay resources).`,
        );
      }
      files.push(...planned.files.map(f => ({ ...f, previousContent: null })));
    }
    const appSetFiles = (
      await provider.listFiles('applicationsets', baseSha)
    ).filter(p => /\.ya?ml$/.test(p));
    let listed = 0;
    for (const path of appSetFiles) {
      const file = await provider.readFile(path, baseSha);
      if (!file) continue;
      const updated = addServiceToApplicationSets(path, file.content, service);
      if (updated !== null) {
        files.push({ path, content: updated, previousContent: file.content });
        listed += 1;
      }
    }
    if (listed === 0) {
      notes.push(
        'No ApplicationSet under applicationsets/ lists services: create the Argo CD applications yourself.',
      );
    }
    const gates: GateResult[] = [
      {
        name: GATE.notOnboarded,
        passed: existingFolders.length === 0,
        message:
          existingFolders.length === 0
            ? `${service} has no folder yet in ${envs
                .map(e => e.name)
                .join(', ')}`
            : `${existingFolders.join(', ')} exist already`,
      },
      permissionGate(allowed, gitopsPinCreatePermission.name, service),
    ];
    const to = envs.map(e => e.name).join(',');
    const title = `Onboard ${service} in ${envs.map(e => e.name).join(', ')}`;
    const actor = actorOf(credentials);
    const change = this.change(
      {
        record: {
          type: 'onboarding',
          entityRef: null,
          service,
          from: null,
          to,
          digest: input.digest ?? '',
          previousDigest: null,
          branch: branchNames.onboarding(service),
          createdBy: actor,
          gates,
        },
        baseSha,
        files,
        title,
        commitMessage: `${title}\n\nImage ${image}${
          input.digest ? `@${input.digest}` : ''
        }, ${format}, as requested by ${actor}.`,
        body: renderPullRequestBody({
          kind: 'onboarding',
          service,
          entityRef: null,
          from: null,
          to: envs.map(e => e.name).join(', '),
          digest: input.digest ?? null,
          previousDigest: null,
          sourceCommit: null,
          repositoryUrl: provider.webUrl,
          files: files.map(f => f.path),
          gates,
          applications: [],
          requestedBy: actor,
          approvals: Math.max(...envs.map(e => e.approvals)),
          autoMerge: false,
          notes,
        }),
        labels: ['gitops', 'onboarding'],
        autoMerge: false,
      },
      plannedAt,
    );
    const found = await this.existing(
      change.record.branch,
      plannedAt,
      input.dryRun,
    );
    if (found) return found;
    return this.finish(input.dryRun, 'onboarding', change, gates);
  }
}
