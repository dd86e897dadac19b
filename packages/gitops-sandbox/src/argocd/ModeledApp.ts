import type {
  ArgoApplication,
  ArgoApplicationSource,
  ArgoApplicationTree,
  ArgoHealthStatusCode,
  ArgoOperationState,
  ArgoResourceDiff,
  ArgoResourceStatus,
  ArgoRevisionHistory,
} from '@gitops-portal/plugin-gitops-node';
import { toKubeTime } from '../clock/Scheduler';
import { ARGO_NAMESPACE, ARGO_PROJECT } from '../demo';
import { AppTarget } from '../reconcile/DesiredStateReader';
import { uidOf } from '../util/hashes';
import {
  ApplicationEntry,
  ResourceQuery,
  worseHealth,
} from './ApplicationEntry';
import {
  KubeObject,
  ResourceView,
  WorkloadSpec,
  applicationResources,
  normalized,
} from './clusterResources';
import { WorkloadState } from './WorkloadState';

/** What was last applied to the cluster by a sync. */
export interface AppliedState {
  revision: string;
  spec: WorkloadSpec;
}

/** Options to create a {@link ModeledApp}. */
export interface ModeledAppOptions {
  kind: 'service' | 'preview';
  name: string;
  instance: string;
  service: string;
  environment: string;
  /** Destination namespace. */
  namespace: string;
  repoURL: string;
  source: ArgoApplicationSource;
  labels: Record<string, string>;
  automated: boolean;
  selfHeal: boolean;
  createdAt: string;
  target: AppTarget;
  comparedRevision: string;
  previewNumber?: number;
}

/**
 * An Application of the sandbox's Argo CD backed by the git repository: what git wants
 * (`target` at `comparedRevision`), what was applied (`applied`), the live workload
 * (`workload`, `liveReplicas`), the running or last operation, and the deployment history.
 * The reconciler mutates it; the REST API renders it in Argo CD 3.x shapes.
 */
export class ModeledApp implements ApplicationEntry {
  readonly kind: 'service' | 'preview';
  readonly name: string;
  readonly instance: string;
  readonly service: string;
  readonly environment: string;
  readonly namespace: string;
  readonly project = ARGO_PROJECT;
  readonly repoURL: string;
  readonly uid: string;
  readonly createdAt: string;
  readonly previewNumber?: number;
  labels: Record<string, string>;
  source: ArgoApplicationSource;
  resourceVersion = 0;
  /** `metadata.generation`: bumped when an operation is requested. */
  generation = 1;
  automated: boolean;
  selfHeal: boolean;
  target: AppTarget;
  comparedRevision: string;
  applied: AppliedState | null = null;
  liveReplicas = 0;
  workload: WorkloadState | null = null;
  /** When the workload last changed (condition times). */
  workloadChangedAt: string;
  /** The operation in progress, if any. */
  runningOperation: ArgoOperationState | null = null;
  /** The last finished operation. */
  lastOperation: ArgoOperationState | undefined;
  history: ArgoRevisionHistory[] = [];
  nextHistoryId = 0;
  reconciledAt: string;
  health: { status: ArgoHealthStatusCode; since: string };
  private cachedViews: { version: number; views: ResourceView[] } | undefined;

  constructor(options: ModeledAppOptions) {
    this.kind = options.kind;
    this.name = options.name;
    this.instance = options.instance;
    this.service = options.service;
    this.environment = options.environment;
    this.namespace = options.namespace;
    this.repoURL = options.repoURL;
    this.source = options.source;
    this.labels = options.labels;
    this.automated = options.automated;
    this.selfHeal = options.selfHeal;
    this.createdAt = options.createdAt;
    this.target = options.target;
    this.comparedRevision = options.comparedRevision;
    this.previewNumber = options.previewNumber;
    this.uid = uidOf(`${options.instance}/application/${options.name}`);
    this.workloadChangedAt = options.createdAt;
    this.reconciledAt = options.createdAt;
    this.health = { status: 'Missing', since: options.createdAt };
  }

  /** The desired workload spec from git, or null when git cannot be rendered. */
  targetSpec(): WorkloadSpec | null {
    const t = this.target;
    return t.error || !t.digest
      ? null
      : {
          imageRepository: t.imageRepository,
          digest: t.digest,
          replicas: t.replicas,
        };
  }

  /** Git differs from what was applied (a new pin or replica count). */
  gitChanged(): boolean {
    const spec = this.targetSpec();
    if (!spec) return false;
    if (!this.applied) return true;
    return (
      spec.digest !== this.applied.spec.digest ||
      spec.replicas !== this.applied.spec.replicas ||
      spec.imageRepository !== this.applied.spec.imageRepository
    );
  }

  /** The live workload differs from what was applied (someone scaled it by hand). */
  drifted(): boolean {
    return !!this.applied && this.liveReplicas !== this.applied.spec.replicas;
  }

  /** Resources of the application, recomputed once per resource version. */
  views(): ResourceView[] {
    if (this.cachedViews?.version !== this.resourceVersion) {
      this.cachedViews = {
        version: this.resourceVersion,
        views: applicationResources(
          {
            appName: this.name,
            instance: this.instance,
            service: this.service,
            namespace: this.namespace,
            rollout: this.target.strategy !== 'rolling',
            blueGreen: this.target.strategy === 'blueGreen',
            createdAt: this.createdAt,
            resourceVersion: String(this.resourceVersion),
            target: this.targetSpec(),
            applied: this.applied?.spec ?? null,
            liveReplicas: this.liveReplicas,
            workload: this.workload,
          },
          this.workloadChangedAt,
        ),
      };
    }
    return this.cachedViews.views;
  }

  /** Application health: the worst health of its managed resources. */
  computeHealth(): ArgoHealthStatusCode {
    if (!this.applied) {
      return 'Missing';
    }
    let health: ArgoHealthStatusCode = 'Healthy';
    for (const view of this.views()) {
      if (view.managed && view.health) {
        health = worseHealth(health, view.health.status);
      }
    }
    return health;
  }

  /** Updates the health and its transition time after a change. */
  afterChange(): void {
    const status = this.computeHealth();
    if (status !== this.health.status) {
      this.health = { status, since: toKubeTime(Date.now()) };
    }
  }

  syncStatus(): 'Synced' | 'OutOfSync' | 'Unknown' {
    if (this.target.error) {
      return 'Unknown';
    }
    return this.views().some(v => v.managed && v.status === 'OutOfSync')
      ? 'OutOfSync'
      : 'Synced';
  }

  toApplication(options: { resourceHealth: boolean }): ArgoApplication {
    const managed = this.views().filter(v => v.managed);
    const resources: ArgoResourceStatus[] = managed.map(v => ({
      group: v.group,
      version: v.version,
      kind: v.kind,
      namespace: v.namespace,
      name: v.name,
      status: this.target.error ? undefined : v.status,
      ...(options.resourceHealth && v.health
        ? {
            health: {
              status: v.health.status,
              ...(v.health.message ? { message: v.health.message } : {}),
            },
          }
        : {}),
      syncWave: v.syncWave,
    }));
    const images = [
      ...new Set(managed.flatMap(v => (v.live && v.images) || [])),
    ];
    const operationState = this.runningOperation ?? this.lastOperation;
    const sourceType = this.target.sourceType;
    return {
      metadata: {
        name: this.name,
        namespace: ARGO_NAMESPACE,
        uid: this.uid,
        resourceVersion: String(this.resourceVersion),
        generation: this.generation,
        creationTimestamp: this.createdAt,
        labels: { ...this.labels },
        annotations:
          this.kind === 'preview'
            ? {
                'argocd.argoproj.io/pull-request': String(this.previewNumber),
              }
            : undefined,
      },
      spec: {
        project: this.project,
        source: this.source,
        destination: { name: this.environment, namespace: this.namespace },
        syncPolicy: {
          ...(this.automated
            ? { automated: { prune: true, selfHeal: this.selfHeal } }
            : {}),
          syncOptions: ['CreateNamespace=true'],
        },
        revisionHistoryLimit: 10,
      },
      status: {
        sync: {
          status: this.syncStatus(),
          revision: this.comparedRevision,
          comparedTo: {
            source: this.source,
            destination: { name: this.environment, namespace: this.namespace },
          },
        },
        health: {
          status: this.health.status,
          lastTransitionTime: this.health.since,
        },
        ...(operationState ? { operationState } : {}),
        history: this.history.length > 0 ? [...this.history] : undefined,
        resources,
        ...(this.target.error
          ? {
              conditions: [
                {
                  type: 'ComparisonError',
                  message: this.target.error,
                  lastTransitionTime: this.reconciledAt,
                },
              ],
            }
          : {}),
        reconciledAt: this.reconciledAt,
        sourceType,
        summary: images.length > 0 ? { images } : {},
        resourceHealthSource: 'appTree',
        controllerNamespace: ARGO_NAMESPACE,
      },
      ...(this.runningOperation
        ? { operation: this.runningOperation.operation }
        : {}),
    };
  }

  resourceTree(): ArgoApplicationTree {
    return {
      nodes: this.views()
        .filter(v => v.live)
        .map(v => ({
          group: v.group,
          version: v.version,
          kind: v.kind,
          namespace: v.namespace,
          name: v.name,
          uid: v.uid,
          ...(v.parent
            ? {
                parentRefs: [
                  {
                    group: v.parent.group,
                    kind: v.parent.kind,
                    namespace: v.parent.namespace,
                    name: v.parent.name,
                    uid: v.parent.uid,
                  },
                ],
              }
            : {}),
          ...(v.info ? { info: v.info } : {}),
          resourceVersion: String(this.resourceVersion),
          ...(v.images ? { images: v.images } : {}),
          ...(v.health
            ? {
                health: {
                  status: v.health.status,
                  ...(v.health.message ? { message: v.health.message } : {}),
                },
              }
            : {}),
          createdAt: v.createdAt,
        })),
    };
  }

  managedResources(): ArgoResourceDiff[] {
    return this.views()
      .filter(v => v.managed)
      .map(v => {
        const predicted =
          v.target && v.live
            ? normalized({ ...v.live, spec: v.target.spec } as KubeObject)
            : v.target ?? null;
        return {
          group: v.group,
          kind: v.kind,
          namespace: v.namespace,
          name: v.name,
          targetState: JSON.stringify(v.target ?? null),
          liveState: JSON.stringify(v.live),
          normalizedLiveState: JSON.stringify(
            v.live ? normalized(v.live) : null,
          ),
          predictedLiveState: JSON.stringify(predicted),
          hook: false,
          resourceVersion: v.live ? String(this.resourceVersion) : undefined,
          modified: v.status === 'OutOfSync',
        };
      });
  }

  resource(query: ResourceQuery): KubeObject | undefined {
    const view = this.views().find(
      v =>
        v.live &&
        v.kind === query.kind &&
        v.name === query.resourceName &&
        (!query.namespace || v.namespace === query.namespace) &&
        (query.group === undefined || v.group === query.group),
    );
    return view?.live ?? undefined;
  }
}
