import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DesiredState,
  EntityGitOpsStatus,
  EnvironmentStatus,
  GitOpsError,
  InstanceError,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import type { ApplicationIndex } from '../argocd/ApplicationIndex';
import { toGitOpsError } from '../argocd/ArgoCdError';
import type { IndexedApplication } from '../argocd/IndexedApplication';
import { isHealthTrusted } from '../argocd/trust';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import type { DesiredStateSource, EntityStatusReader } from '../service/types';
import { EntityApplicationQuery } from './EntityApplicationQuery';
import type {
  TargetDetailsReadOptions,
  TargetDetailsService,
} from './TargetDetailsService';

/**
 * Answers "what runs where, now" for a catalog entity from the application index: its
 * applications (found through its annotations) grouped by environment in promotion order, then
 * environments outside the configuration, then applications of unknown environment
 * (`name: null`), plus previews and one error per instance that is failing. Per-target details
 * come from {@link TargetDetailsService}; the pin of each environment from the
 * {@link DesiredStateSource}.
 *
 * @public
 */
export class EntityStatusService implements EntityStatusReader {
  private readonly config: GitOpsConfig;
  private readonly index: ApplicationIndex;
  private readonly details: TargetDetailsService;
  private readonly desiredState: DesiredStateSource;
  private readonly logger: LoggerService;
  private readonly instanceOrder: Map<string, number>;

  static create(options: {
    config: GitOpsConfig;
    index: ApplicationIndex;
    details: TargetDetailsService;
    desiredState: DesiredStateSource;
    logger: LoggerService;
  }): EntityStatusService {
    return new EntityStatusService(options);
  }

  private constructor(options: {
    config: GitOpsConfig;
    index: ApplicationIndex;
    details: TargetDetailsService;
    desiredState: DesiredStateSource;
    logger: LoggerService;
  }) {
    this.config = options.config;
    this.index = options.index;
    this.details = options.details;
    this.desiredState = options.desiredState;
    this.logger = options.logger;
    this.instanceOrder = new Map(
      this.index.instanceNames().map((name, i) => [name, i]),
    );
  }

  /** The applications of an entity, as its annotations select them. */
  query(entity: Entity): EntityApplicationQuery {
    return EntityApplicationQuery.fromEntity(
      entity,
      this.index.instanceNames(),
    );
  }

  serviceOf(entity: Entity): string | null {
    const query = this.query(entity);
    return query.service ?? this.uniqueService(query.resolve(this.index));
  }

  /** One application of the entity, or undefined when it is not one of the entity's. */
  findApplication(
    entity: Entity,
    target: { instance: string; name: string; namespace?: string },
  ): IndexedApplication | undefined {
    return this.query(entity)
      .resolve(this.index)
      .find(
        app =>
          app.instance === target.instance &&
          app.name === target.name &&
          (target.namespace === undefined ||
            app.namespace === target.namespace),
      );
  }

  /**
   * The entity's status. An instance whose first list is still pending is named in `errors`
   * (`PENDING`) rather than waited for, unless `fresh` (or within `waitForDetailsMs`).
   *
   * @param options - `fresh`: re-read the applications and their details from Argo CD (the
   *   promotion gates); `waitForDetailsMs`: wait up to this long for details never read yet.
   */
  async getEntityStatus(
    entity: Entity,
    options?: { fresh?: boolean; waitForDetailsMs?: number },
  ): Promise<EntityGitOpsStatus> {
    const fresh = options?.fresh ?? false;
    const waitUntil =
      options?.waitForDetailsMs === undefined
        ? undefined
        : Date.now() + options.waitForDetailsMs;
    const query = this.query(entity);
    // A gate must judge on what Argo CD says; a view answers with what is known now; an API
    // client that asked to wait gets the first lists too, within its bound.
    if (fresh) await this.index.settled(query.instances);
    else if (waitUntil !== undefined) {
      await settledBy(this.index.settled(query.instances), waitUntil);
    }

    const errors: InstanceError[] = [];
    for (const instance of query.unknownInstances) {
      errors.push({
        instance,
        code: 'NOT_FOUND',
        message: `Argo CD instance ${instance} is not configured`,
      });
    }
    const instanceErrors = new Map<string, GitOpsError>();
    for (const instance of query.instances) {
      const state = this.index.instanceState(instance);
      const error =
        state?.error ??
        (state?.ready
          ? null
          : {
              code: 'PENDING' as const,
              message: `Argo CD instance ${instance} has not answered its first list yet`,
            });
      if (error) {
        instanceErrors.set(instance, error);
        errors.push({ instance, ...error });
      }
      if (query.selectorError) {
        errors.push({
          instance,
          code: 'NOT_FOUND',
          message: query.selectorError,
        });
      }
    }

    let apps = query.resolve(this.index);
    const refreshErrors = new Map<IndexedApplication, GitOpsError>();
    if (fresh) {
      apps = await Promise.all(
        apps.map(async app => {
          if (instanceErrors.has(app.instance)) return app;
          try {
            return (
              (await this.index.refreshApplication(app.instance, {
                name: app.name,
                appNamespace: app.appNamespace,
              })) ?? app
            );
          } catch (e) {
            refreshErrors.set(app, toGitOpsError(e, app.instance));
            return app;
          }
        }),
      );
    }

    // The rule of serviceOf, on the applications as just read.
    const service = query.service ?? this.uniqueService(apps);
    const targets = await Promise.all(
      apps.map(async app => ({
        app,
        status: await this.toTargetStatus(
          app,
          service,
          { fresh, waitUntil },
          instanceErrors.get(app.instance) ?? refreshErrors.get(app) ?? null,
        ),
      })),
    );
    targets.sort((a, b) => this.compareTargets(a.app, b.app));

    const environments = await this.groupByEnvironment(
      targets.filter(t => !t.app.classification.preview),
      service,
    );
    // Digests read against the desired pin of each environment.
    for (const environment of environments) {
      for (const target of environment.targets) {
        target.digest = liveDigest(
          target.images,
          service,
          environment.desired?.digest ?? null,
        );
      }
    }

    return {
      entityRef: stringifyEntityRef(entity),
      service,
      environments,
      previews: targets
        .filter(t => t.app.classification.preview)
        .map(t => {
          t.status.digest = liveDigest(t.status.images, service, null);
          return t.status;
        }),
      errors,
    };
  }

  private async toTargetStatus(
    app: IndexedApplication,
    service: string | null,
    read: TargetDetailsReadOptions,
    error: GitOpsError | null,
  ): Promise<TargetStatus> {
    const details = await this.details.get(app, read);
    const base = (
      this.config.argocd.instances.find(i => i.name === app.instance)
        ?.frontendUrl ??
      this.config.argocd.instances.find(i => i.name === app.instance)?.url ??
      ''
    ).replace(/\/+$/, '');
    return {
      instance: app.instance,
      cluster: app.destination.name ?? app.destination.server ?? '',
      application: {
        name: app.name,
        namespace: app.namespace,
        project: app.project,
        url: `${base}/applications/${encodeURIComponent(
          app.namespace || 'argocd',
        )}/${encodeURIComponent(app.name)}`,
      },
      sync: { ...app.sync },
      health: { ...app.health },
      drift: {
        outOfSync: app.drifted.length,
        resources: app.drifted.map(r => ({ ...r })),
      },
      rollout: details.rollout,
      digest: liveDigest(app.images, service, null),
      images: [...app.images],
      operation: app.operation ? { ...app.operation } : null,
      reconciledAt: app.reconciledAt,
      trusted: isHealthTrusted(app),
      syncWindows: details.syncWindows,
      detailsLoading: details.loading,
      error: error ?? details.error,
    };
  }

  private async groupByEnvironment(
    targets: Array<{ app: IndexedApplication; status: TargetStatus }>,
    service: string | null,
  ): Promise<EnvironmentStatus[]> {
    const configured = this.config.environments.map(e => e.name);
    const found = new Set(
      targets
        .map(t => t.app.classification.environment)
        .filter((e): e is string => e !== null),
    );
    const others = Array.from(found)
      .filter(e => !configured.includes(e))
      .sort();
    const names: Array<string | null> = [...configured, ...others];
    if (targets.some(t => t.app.classification.environment === null)) {
      names.push(null);
    }
    return Promise.all(
      names.map(async name => ({
        name,
        desired: await this.desired(service, name),
        targets: targets
          .filter(t => t.app.classification.environment === name)
          .map(t => t.status),
      })),
    );
  }

  private async desired(
    service: string | null,
    environment: string | null,
  ): Promise<DesiredState | null> {
    if (!service || !environment) return null;
    try {
      return await this.desiredState.getDesiredState(service, environment);
    } catch (e) {
      this.logger.warn(
        `Could not read the desired state of ${service} in ${environment}: ${
          (e as Error)?.message ?? e
        }`,
      );
      return null;
    }
  }

  /** The service of the entity's applications, when they agree on one. */
  private uniqueService(apps: IndexedApplication[]): string | null {
    const services = new Set(
      apps
        .filter(a => !a.classification.preview)
        .map(a => a.classification.service)
        .filter((s): s is string => !!s),
    );
    return services.size === 1 ? Array.from(services)[0] : null;
  }

  private compareTargets(a: IndexedApplication, b: IndexedApplication): number {
    return (
      (this.instanceOrder.get(a.instance) ?? 0) -
        (this.instanceOrder.get(b.instance) ?? 0) ||
      (a.destination.name ?? a.destination.server ?? '').localeCompare(
        b.destination.name ?? b.destination.server ?? '',
      ) ||
      a.name.localeCompare(b.name) ||
      a.namespace.localeCompare(b.namespace)
    );
  }
}

/** Waits for `settling` until `deadline` (milliseconds since the epoch) at most. */
async function settledBy(settling: Promise<void>, deadline: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    settling,
    new Promise<void>(resolve => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
}

/**
 * The digest of the service's image that runs, from the images Argo CD reports: the only
 * digest; else the only digest of an image named like the service; else the desired digest
 * when it runs (a canary in progress runs two).
 */
function liveDigest(
  images: string[],
  service: string | null,
  desired: string | null,
): string | null {
  const digests = images
    .map(image => ({
      image,
      digest: /@(sha256:[a-f0-9]{64})$/.exec(image)?.[1],
    }))
    .filter((d): d is { image: string; digest: string } => !!d.digest);
  const distinct = (list: typeof digests) =>
    Array.from(new Set(list.map(d => d.digest)));
  const all = distinct(digests);
  if (all.length === 1) return all[0];
  if (service) {
    const named = distinct(digests.filter(d => imageName(d.image) === service));
    if (named.length === 1) return named[0];
  }
  if (desired && all.includes(desired)) return desired;
  return null;
}

/** Last path segment of an image reference, without tag or digest. */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  return lastSegment.split(':')[0];
}
