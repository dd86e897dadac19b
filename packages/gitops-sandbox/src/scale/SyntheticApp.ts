import type {
  ArgoApplication,
  ArgoApplicationTree,
  ArgoHealthStatusCode,
  ArgoResourceDiff,
  ArgoRevisionMetadata,
  ArgoSyncStatusCode,
} from '@gitops-portal/plugin-gitops-node';
import { ARGO_NAMESPACE, ARGO_PROJECT, imageRepositoryOf } from '../demo';
import { ApplicationEntry, ResourceQuery } from '../argocd/ApplicationEntry';
import { KubeObject, imageRef, podHash } from '../argocd/clusterResources';
import { toKubeTime } from '../clock/Scheduler';
import { digestOf, sha256Hex, shortHash, uidOf } from '../util/hashes';

/** 2026-06-01T00:00:00Z: synthetic deployments happened after this. */
const EPOCH = Date.UTC(2026, 5, 1) / 1000;
const DAY = 86400;

/** A deterministic number in [0, 1) from a name. */
function fraction(seed: string): number {
  return parseInt(sha256Hex(seed).slice(0, 8), 16) / 0x100000000;
}

/**
 * A synthetic Application of the scale mode (benchmarks): a Deployment-backed service that
 * keeps a few numbers and renders full Argo CD payloads on demand, so that 20,000 of them stay
 * light in memory. Most are Synced and Healthy; a few are OutOfSync, Progressing or Degraded.
 */
export class SyntheticApp implements ApplicationEntry {
  readonly project = ARGO_PROJECT;
  readonly labels: Record<string, string>;
  resourceVersion = 0;
  private syncs = 0;
  private lastSyncAt: number | undefined;
  private readonly sync: ArgoSyncStatusCode;
  private readonly healthStatus: ArgoHealthStatusCode;

  constructor(
    readonly name: string,
    readonly instance: string,
    readonly service: string,
    readonly environment: string,
    readonly repoURL: string,
    private readonly previewNumber?: number,
  ) {
    this.labels = {
      'app.kubernetes.io/part-of': service,
      'gitops/environment': environment,
      ...(previewNumber !== undefined ? { 'gitops/preview': 'true' } : {}),
    };
    const f = fraction(`${instance}/${name}`);
    this.sync = f < 0.04 ? 'OutOfSync' : 'Synced';
    if (f >= 0.04 && f < 0.07) {
      this.healthStatus = 'Progressing';
    } else if (f >= 0.07 && f < 0.09) {
      this.healthStatus = 'Degraded';
    } else {
      this.healthStatus = 'Healthy';
    }
  }

  private get path(): string {
    return this.previewNumber !== undefined
      ? `previews/${this.service}`
      : `envs/${this.environment}/${this.service}`;
  }

  private get namespace(): string {
    return this.previewNumber !== undefined
      ? `${this.service}-pr-${this.previewNumber}`
      : this.service;
  }

  private revision(i: number): string {
    return sha256Hex(`${this.name}@${i}`).slice(0, 40);
  }

  private digest(i: number): string {
    return digestOf(`${imageRepositoryOf(this.service)}:${i}`);
  }

  /** Records a sync requested through the API. */
  markSynced(): void {
    this.syncs += 1;
    this.lastSyncAt = Math.floor(Date.now() / 1000);
  }

  private get syncStatus(): ArgoSyncStatusCode {
    return this.syncs > 0 ? 'Synced' : this.sync;
  }

  /** When revision `i` was deployed (the made-up history is spread three days apart). */
  private deployed(i: number): string {
    return toKubeTime(
      (i >= 10 && this.lastSyncAt
        ? this.lastSyncAt
        : EPOCH + i * 3 * DAY + Math.floor(fraction(this.name) * DAY)) * 1000,
    );
  }

  /**
   * The commit behind one of this application's made-up revisions (its history, or the next
   * one when it is out of sync), as Argo CD's revision metadata endpoint answers it.
   */
  revisionMetadata(revision: string): ArgoRevisionMetadata | undefined {
    const newest = 10 + this.syncs;
    for (let i = 0; i <= newest; i++) {
      if (this.revision(i) === revision) {
        return {
          author: 'acme-ci[bot] <ci@acme.example>',
          date: this.deployed(i),
          tags: [],
          message: `Pin ${this.service} in ${this.environment} (build ${i})`,
        };
      }
    }
    return undefined;
  }

  toApplication(options: { resourceHealth: boolean }): ArgoApplication {
    const historyLength = 10 + this.syncs;
    const deployed = (i: number) => this.deployed(i);
    const newest = historyLength - 1;
    const source = {
      repoURL: this.repoURL,
      path: this.path,
      targetRevision: 'main',
    };
    const image = imageRef(
      imageRepositoryOf(this.service),
      this.digest(Math.min(newest, 9)),
    );
    const resourceHealth = this.healthStatus;
    return {
      metadata: {
        name: this.name,
        namespace: ARGO_NAMESPACE,
        uid: uidOf(`${this.instance}/application/${this.name}`),
        resourceVersion: String(this.resourceVersion),
        generation: historyLength,
        creationTimestamp: deployed(0),
        labels: this.labels,
      },
      spec: {
        project: this.project,
        source,
        destination: { name: this.environment, namespace: this.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: false },
          syncOptions: ['CreateNamespace=true'],
        },
        revisionHistoryLimit: 10,
      },
      status: {
        sync: {
          status: this.syncStatus,
          revision: this.revision(
            newest + (this.syncStatus === 'OutOfSync' ? 1 : 0),
          ),
          comparedTo: {
            source,
            destination: { name: this.environment, namespace: this.namespace },
          },
        },
        health: {
          status: this.healthStatus,
          lastTransitionTime: deployed(newest),
        },
        operationState: {
          operation: {
            sync: { revision: this.revision(newest), prune: true },
            initiatedBy: { automated: true },
          },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: { revision: this.revision(newest) },
          startedAt: deployed(newest),
          finishedAt: deployed(newest),
        },
        history: Array.from({ length: 10 }, (_, k) => {
          const i = historyLength - 10 + k;
          return {
            id: i,
            revision: this.revision(i),
            deployStartedAt: deployed(i),
            deployedAt: deployed(i),
            source,
            initiatedBy: { automated: true },
          };
        }),
        resources: [
          {
            version: 'v1',
            kind: 'Service',
            namespace: this.namespace,
            name: this.service,
            status: 'Synced',
            ...(options.resourceHealth
              ? { health: { status: 'Healthy' } }
              : {}),
            syncWave: 0,
          },
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: this.namespace,
            name: this.service,
            status: this.syncStatus,
            ...(options.resourceHealth
              ? { health: { status: resourceHealth } }
              : {}),
            syncWave: 1,
          },
        ],
        reconciledAt: deployed(newest),
        sourceType: 'Helm',
        summary: { images: [image] },
        resourceHealthSource: 'appTree',
        controllerNamespace: ARGO_NAMESPACE,
      },
    };
  }

  private objects(): Array<{
    object: KubeObject;
    parent?: string;
    health?: ArgoHealthStatusCode;
  }> {
    const digest = this.digest(9);
    const image = imageRef(imageRepositoryOf(this.service), digest);
    const hash = podHash(this.service, digest);
    const meta = (kind: string, name: string) => ({
      name,
      namespace: this.namespace,
      uid: uidOf(`${this.instance}/${this.name}/${kind}/${name}`),
      resourceVersion: String(this.resourceVersion),
    });
    const rsName = `${this.service}-${hash}`;
    return [
      {
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta('Service', this.service),
          spec: { selector: { 'app.kubernetes.io/name': this.service } },
        },
        health: 'Healthy',
      },
      {
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta('Deployment', this.service),
          spec: {
            replicas: 2,
            template: { spec: { containers: [{ name: this.service, image }] } },
          },
        },
        health: this.healthStatus,
      },
      {
        object: {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: meta('ReplicaSet', rsName),
          spec: { replicas: 2 },
        },
        parent: 'Deployment',
        health: 'Healthy',
      },
      ...[0, 1].map(i => ({
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: meta('Pod', `${rsName}-${shortHash(`${rsName}/${i}`, 5)}`),
          spec: { containers: [{ name: this.service, image }] },
        } as KubeObject,
        parent: 'ReplicaSet',
        health: 'Healthy' as ArgoHealthStatusCode,
      })),
    ];
  }

  resourceTree(): ArgoApplicationTree {
    const objects = this.objects();
    const byKind = new Map(objects.map(o => [o.object.kind, o.object]));
    return {
      nodes: objects.map(({ object, parent, health }) => {
        const group = object.apiVersion.includes('/')
          ? object.apiVersion.split('/')[0]
          : '';
        const parentObject = parent ? byKind.get(parent) : undefined;
        return {
          group,
          version: object.apiVersion.split('/').pop(),
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
          uid: object.metadata.uid,
          ...(parentObject
            ? {
                parentRefs: [
                  {
                    group: parentObject.apiVersion.includes('/') ? 'apps' : '',
                    kind: parentObject.kind,
                    namespace: parentObject.metadata.namespace,
                    name: parentObject.metadata.name,
                    uid: parentObject.metadata.uid,
                  },
                ],
              }
            : {}),
          resourceVersion: String(this.resourceVersion),
          ...(health ? { health: { status: health } } : {}),
        };
      }),
    };
  }

  managedResources(): ArgoResourceDiff[] {
    return this.objects()
      .filter(o => !o.parent)
      .map(({ object }) => ({
        group: object.apiVersion.includes('/') ? 'apps' : '',
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        targetState: JSON.stringify(object),
        liveState: JSON.stringify(object),
        normalizedLiveState: JSON.stringify(object),
        predictedLiveState: JSON.stringify(object),
        hook: false,
        modified:
          object.kind === 'Deployment' && this.syncStatus === 'OutOfSync',
      }));
  }

  resource(query: ResourceQuery): KubeObject | undefined {
    return this.objects().find(
      o =>
        o.object.kind === query.kind &&
        o.object.metadata.name === query.resourceName,
    )?.object;
  }
}
