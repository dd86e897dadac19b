import type {
  ArgoHealthStatusCode,
  ArgoRollout,
  ArgoSyncStatusCode,
  RolloutAnalysisRunStatus,
} from '@gitops-portal/plugin-gitops-node';
import { shortHash, uidOf } from '../util/hashes';
import {
  AnalysisState,
  CANARY_STEPS,
  ReplicaSetGeneration,
  WorkloadState,
  canaryWeight,
} from './WorkloadState';

/** A Kubernetes object as JSON. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller: boolean;
    }>;
  };
  [key: string]: unknown;
};

/** Group, version, kind, namespace and name of a resource. */
export interface ResourceKey {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

/** One resource of an application: managed (from git) or a child (ReplicaSet, Pod, AnalysisRun). */
export interface ResourceView extends ResourceKey {
  managed: boolean;
  syncWave?: number;
  parent?: ResourceKey & { uid: string };
  uid: string;
  createdAt: string;
  /** Live object, or null when missing from the cluster. */
  live: KubeObject | null;
  /** Desired object from git (managed resources only), or null when it must be pruned. */
  target?: KubeObject | null;
  status?: ArgoSyncStatusCode;
  health?: { status: ArgoHealthStatusCode; message?: string };
  images?: string[];
  info?: Array<{ name: string; value: string }>;
}

/** The workload spec applied to the cluster, or wanted by git. */
export interface WorkloadSpec {
  imageRepository: string;
  digest: string;
  replicas: number;
}

/** What the resource model needs to know about an application. */
export interface AppResourceInput {
  appName: string;
  instance: string;
  service: string;
  /** Namespace of the destination. */
  namespace: string;
  /** Whether the workload is an Argo Rollouts Rollout (else a Deployment). */
  rollout: boolean;
  blueGreen: boolean;
  createdAt: string;
  resourceVersion: string;
  /** Desired workload from git, or null when git cannot be rendered. */
  target: WorkloadSpec | null;
  /** What was applied last, or null before the first sync. */
  applied: WorkloadSpec | null;
  /** Live `spec.replicas` of the workload (differs from `applied.replicas` on drift). */
  liveReplicas: number;
  workload: WorkloadState | null;
}

/** `ghcr.io/acme/gateway@sha256:…` */
export function imageRef(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}

/** The pod-template-hash of a ReplicaSet running an image. */
export function podHash(service: string, digest: string): string {
  return shortHash(`${service}@${digest}`, 10);
}

const ROLLOUT_HEALTH: Record<string, ArgoHealthStatusCode> = {
  Healthy: 'Healthy',
  Progressing: 'Progressing',
  Paused: 'Suspended',
  Degraded: 'Degraded',
};

const ANALYSIS_HEALTH: Record<string, ArgoHealthStatusCode> = {
  Pending: 'Progressing',
  Running: 'Progressing',
  Successful: 'Healthy',
  Failed: 'Degraded',
  Error: 'Degraded',
  Inconclusive: 'Unknown',
};

interface PodGroup {
  rs: ReplicaSetGeneration;
  count: number;
  ready: number;
  reason: 'Running' | 'ContainerCreating' | 'CrashLoopBackOff';
}

function podHealth(
  ready: boolean,
  reason: string,
  service: string,
): { status: ArgoHealthStatusCode; message?: string } {
  if (ready) return { status: 'Healthy' };
  if (reason === 'CrashLoopBackOff') {
    return {
      status: 'Degraded',
      message: `back-off 5m0s restarting failed container=${service}`,
    };
  }
  return { status: 'Progressing' };
}

/** How many pods of which ReplicaSet run, and how many are ready. */
function podGroups(input: AppResourceInput): PodGroup[] {
  const w = input.workload;
  if (!w || !input.applied) {
    return [];
  }
  const replicas = input.liveReplicas;
  const groups: PodGroup[] = [];
  const settled = (rs: ReplicaSetGeneration, count: number): PodGroup => ({
    rs,
    count,
    ready: w.scaling ? Math.max(0, count - 1) : count,
    reason: 'Running',
  });
  if (!w.updating) {
    return [settled(w.stable, replicas)];
  }
  if (w.abort) {
    return [
      settled(w.stable, replicas),
      { rs: w.updating, count: 0, ready: 0, reason: 'Running' },
    ];
  }
  if (w.strategy === 'canary') {
    const weight = canaryWeight(w);
    const canary = Math.min(replicas, Math.ceil((replicas * weight) / 100));
    const step = CANARY_STEPS[w.stepIndex];
    let readyCanary = canary;
    if (step?.setWeight !== undefined && !w.stepReady) {
      let previous = 0;
      for (let i = 0; i < w.stepIndex; i++) {
        previous = CANARY_STEPS[i].setWeight ?? previous;
      }
      readyCanary = Math.min(canary, Math.ceil((replicas * previous) / 100));
    }
    groups.push(settled(w.stable, replicas - canary));
    groups.push({
      rs: w.updating,
      count: canary,
      ready: readyCanary,
      reason: readyCanary < canary ? 'ContainerCreating' : 'Running',
    });
    return groups;
  }
  if (w.strategy === 'blueGreen') {
    groups.push(settled(w.stable, replicas));
    groups.push({
      rs: w.updating,
      count: replicas,
      ready: w.previewReady ? replicas : 0,
      reason: w.previewReady ? 'Running' : 'ContainerCreating',
    });
    return groups;
  }
  // Deployment rolling update: one surge pod at a time (maxSurge 1, maxUnavailable 0).
  groups.push(settled(w.stable, replicas));
  groups.push({
    rs: w.updating,
    count: 1,
    ready: 0,
    reason: w.phase === 'Degraded' ? 'CrashLoopBackOff' : 'ContainerCreating',
  });
  return groups;
}

function workloadHealth(input: AppResourceInput): {
  status: ArgoHealthStatusCode;
  message?: string;
} {
  const w = input.workload;
  if (!w) {
    return { status: 'Missing' };
  }
  if (input.rollout) {
    return {
      status: ROLLOUT_HEALTH[w.phase],
      ...(w.message ? { message: w.message } : {}),
    };
  }
  if (w.phase === 'Degraded') {
    return {
      status: 'Degraded',
      message: `Deployment "${input.service}" exceeded its progress deadline`,
    };
  }
  if (w.phase === 'Progressing') {
    const groups = podGroups(input);
    const updated = groups.find(g => g.rs === w.updating);
    return {
      status: 'Progressing',
      message: updated
        ? `Waiting for rollout to finish: ${updated.ready} of ${input.liveReplicas} updated replicas are available...`
        : `Waiting for rollout to finish: ${input.liveReplicas - 1} of ${
            input.liveReplicas
          } updated replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}

function analysisRunStatus(a: AnalysisState): RolloutAnalysisRunStatus {
  return {
    name: a.name,
    status: a.phase,
    ...(a.message ? { message: a.message } : {}),
  };
}

type RolloutCondition = NonNullable<
  NonNullable<ArgoRollout['status']>['conditions']
>[number];

/** The `Progressing` condition of a Rollout, by its state. */
function progressingCondition(
  w: WorkloadState,
  service: string,
  current: ReplicaSetGeneration,
  healthy: boolean,
  at: string,
): RolloutCondition {
  const times = { lastUpdateTime: at, lastTransitionTime: at };
  if (w.abort) {
    return {
      type: 'Progressing',
      status: 'False',
      reason: 'RolloutAborted',
      message: w.message ?? 'Rollout aborted',
      ...times,
    };
  }
  if (w.pause) {
    return {
      type: 'Progressing',
      status: 'Unknown',
      reason: 'RolloutPaused',
      message: 'Rollout is paused',
      ...times,
    };
  }
  return {
    type: 'Progressing',
    status: 'True',
    reason: healthy ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
    message: healthy
      ? `Rollout "${service}" has successfully progressed.`
      : `ReplicaSet "${service}-${podHash(
          service,
          current.digest,
        )}" is progressing.`,
    ...times,
  };
}

function rolloutStatus(
  input: AppResourceInput,
  groups: PodGroup[],
  at: string,
): NonNullable<ArgoRollout['status']> {
  const w = input.workload!;
  const service = input.service;
  const ready = groups.reduce((sum, g) => sum + g.ready, 0);
  const current = w.updating ?? w.stable;
  const updated = groups
    .filter(g => g.rs === current)
    .reduce((s, g) => s + g.count, 0);
  const healthy = w.phase === 'Healthy';
  const conditions: NonNullable<ArgoRollout['status']>['conditions'] = [
    {
      type: 'Available',
      status: ready >= input.liveReplicas ? 'True' : 'False',
      reason:
        ready >= input.liveReplicas ? 'AvailableReason' : 'AvailableReason',
      message:
        ready >= input.liveReplicas
          ? 'Rollout has minimum availability'
          : 'Rollout does not have minimum availability',
      lastUpdateTime: at,
      lastTransitionTime: at,
    },
    progressingCondition(w, service, current, healthy, at),
    {
      type: 'Healthy',
      status: healthy ? 'True' : 'False',
      reason: 'RolloutHealthy',
      message: healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
      lastUpdateTime: at,
      lastTransitionTime: at,
    },
    {
      type: 'Completed',
      status: healthy ? 'True' : 'False',
      reason: 'RolloutCompleted',
      message: healthy
        ? `Rollout completed update to revision ${current.revision}`
        : `Rollout not completed, started update to revision ${current.revision}`,
      lastUpdateTime: at,
      lastTransitionTime: at,
    },
  ];
  if (w.pause) {
    conditions.push({
      type: 'Paused',
      status: 'True',
      reason: 'RolloutPaused',
      message: 'Rollout is paused',
      lastUpdateTime: w.pause.startTime,
      lastTransitionTime: w.pause.startTime,
    });
  }
  const status: NonNullable<ArgoRollout['status']> = {
    observedGeneration: String(w.generation),
    currentPodHash: podHash(service, current.digest),
    stableRS: podHash(service, w.stable.digest),
    replicas: groups.reduce((s, g) => s + g.count, 0),
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: ready,
    phase: w.phase,
    ...(w.message ? { message: w.message } : {}),
    conditions,
  };
  if (w.abort) {
    status.abort = true;
    status.abortedAt = w.abortedAt;
  }
  if (w.pause) {
    status.pauseConditions = [
      { reason: w.pause.reason, startTime: w.pause.startTime },
    ];
    status.controllerPause = true;
  }
  if (w.strategy === 'canary') {
    status.currentStepIndex = w.stepIndex;
    status.canary = w.analysis
      ? { currentStepAnalysisRunStatus: analysisRunStatus(w.analysis) }
      : {};
  } else {
    status.blueGreen = {
      activeSelector: podHash(service, w.stable.digest),
      ...(w.updating && !w.abort
        ? { previewSelector: podHash(service, w.updating.digest) }
        : { previewSelector: podHash(service, w.stable.digest) }),
      ...(w.analysis
        ? { prePromotionAnalysisRunStatus: analysisRunStatus(w.analysis) }
        : {}),
    };
  }
  return status;
}

function baseMeta(
  input: AppResourceInput,
  name: string,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject['metadata'] {
  return {
    name,
    namespace: input.namespace,
    labels: {
      'app.kubernetes.io/name': input.service,
      'app.kubernetes.io/part-of': input.service,
    },
    annotations: {
      'argocd.argoproj.io/tracking-id': `${input.appName}:${name}`,
    },
    ...extra,
  };
}

function container(spec: WorkloadSpec, service: string) {
  return {
    name: service,
    image: imageRef(spec.imageRepository, spec.digest),
  };
}

/** The Rollout object of a spec (no status); `generation` only on live objects. */
function rolloutObject(
  input: AppResourceInput,
  spec: WorkloadSpec,
  replicas: number,
): ArgoRollout {
  const strategy: ArgoRollout['spec']['strategy'] = input.blueGreen
    ? {
        blueGreen: {
          activeService: input.service,
          previewService: `${input.service}-preview`,
          autoPromotionEnabled: true,
        },
      }
    : { canary: { steps: CANARY_STEPS } };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: input.service,
      namespace: input.namespace,
      labels: { 'app.kubernetes.io/part-of': input.service },
      annotations: {
        'argocd.argoproj.io/sync-wave': '1',
        'argocd.argoproj.io/tracking-id': `${input.appName}:argoproj.io/Rollout:${input.namespace}/${input.service}`,
      },
    },
    spec: {
      replicas,
      strategy,
      template: { spec: { containers: [container(spec, input.service)] } },
    },
  };
}

function deploymentObject(
  input: AppResourceInput,
  spec: WorkloadSpec,
  replicas: number,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: baseMeta(input, input.service, {
      annotations: {
        'argocd.argoproj.io/sync-wave': '1',
        'argocd.argoproj.io/tracking-id': `${input.appName}:apps/Deployment:${input.namespace}/${input.service}`,
      },
    }),
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': input.service } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': input.service } },
        spec: { containers: [container(spec, input.service)] },
      },
    },
  };
}

function simpleObjects(input: AppResourceInput): Array<{
  key: ResourceKey;
  wave: number;
  object: KubeObject;
  health: boolean;
}> {
  const s = input.service;
  const out: Array<{
    key: ResourceKey;
    wave: number;
    object: KubeObject;
    health: boolean;
  }> = [];
  const push = (
    group: string,
    version: string,
    kind: string,
    name: string,
    wave: number,
    body: Record<string, unknown>,
    health: boolean,
  ) =>
    out.push({
      key: { group, version, kind, namespace: input.namespace, name },
      wave,
      health,
      object: {
        apiVersion: group ? `${group}/${version}` : version,
        kind,
        metadata: baseMeta(input, name),
        ...body,
      },
    });
  push(
    '',
    'v1',
    'ConfigMap',
    `${s}-config`,
    -1,
    { data: { LOG_LEVEL: 'info' } },
    false,
  );
  const serviceBody = {
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': s },
      ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
  push('', 'v1', 'Service', s, 0, serviceBody, true);
  if (input.blueGreen) {
    push('', 'v1', 'Service', `${s}-preview`, 0, serviceBody, true);
  }
  return out;
}

/** Removes what Argo CD ignores in diffs (status, server-side metadata). */
export function normalized(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object as KubeObject & {
    status?: unknown;
  };
  const {
    uid: _uid,
    resourceVersion: _rv,
    generation: _gen,
    creationTimestamp: _ct,
    ...metadata
  } = rest.metadata;
  return { ...rest, metadata };
}

/** The `spec` of two objects is equal (what git sets and what the sandbox can drift). */
function sameSpec(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.spec) === JSON.stringify(b.spec);
}

/**
 * Every resource of an application, managed and children, with live and target objects,
 * per-resource sync status and health: the one model behind the application's
 * `status.resources`, its resource tree, managed-resources and the resource endpoint.
 */
export function applicationResources(
  input: AppResourceInput,
  at: string,
): ResourceView[] {
  const views: ResourceView[] = [];
  const uid = (key: ResourceKey) =>
    uidOf(
      `${input.instance}/${input.appName}/${key.group}/${key.kind}/${key.namespace}/${key.name}`,
    );
  const deployed = input.applied !== null && input.workload !== null;

  for (const simple of simpleObjects(input)) {
    const live = deployed
      ? {
          ...simple.object,
          metadata: {
            ...simple.object.metadata,
            uid: uid(simple.key),
            resourceVersion: input.resourceVersion,
            creationTimestamp: input.createdAt,
          },
        }
      : null;
    views.push({
      ...simple.key,
      managed: true,
      syncWave: simple.wave,
      uid: uid(simple.key),
      createdAt: input.createdAt,
      live,
      target: input.target ? simple.object : null,
      status: live ? 'Synced' : 'OutOfSync',
      ...(simple.health
        ? { health: live ? { status: 'Healthy' } : { status: 'Missing' } }
        : {}),
    });
  }

  const workloadKey: ResourceKey = input.rollout
    ? {
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Rollout',
        namespace: input.namespace,
        name: input.service,
      }
    : {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: input.namespace,
        name: input.service,
      };
  const workloadUid = uid(workloadKey);
  const build = (spec: WorkloadSpec, replicas: number): KubeObject =>
    input.rollout
      ? (rolloutObject(input, spec, replicas) as unknown as KubeObject)
      : deploymentObject(input, spec, replicas);
  const target = input.target
    ? build(input.target, input.target.replicas)
    : null;
  let live: KubeObject | null = null;
  const groups = podGroups(input);
  const w = input.workload;
  if (deployed && w) {
    const object = build(input.applied!, input.liveReplicas);
    object.metadata = {
      ...object.metadata,
      uid: workloadUid,
      resourceVersion: input.resourceVersion,
      generation: w.generation,
      creationTimestamp: input.createdAt,
      annotations: {
        ...object.metadata.annotations,
        [input.rollout
          ? 'rollout.argoproj.io/revision'
          : 'deployment.kubernetes.io/revision']: String(
          (w.updating ?? w.stable).revision,
        ),
      },
    };
    if (input.rollout) {
      object.status = rolloutStatus(input, groups, at);
    } else {
      const ready = groups.reduce((s, g) => s + g.ready, 0);
      object.status = {
        observedGeneration: w.generation,
        replicas: groups.reduce((s, g) => s + g.count, 0),
        updatedReplicas: groups
          .filter(g => g.rs === (w.updating ?? w.stable))
          .reduce((s, g) => s + g.count, 0),
        readyReplicas: ready,
        availableReplicas: ready,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastUpdateTime: at,
            lastTransitionTime: at,
          },
          w.phase === 'Degraded'
            ? {
                type: 'Progressing',
                status: 'False',
                reason: 'ProgressDeadlineExceeded',
                message: `ReplicaSet "${input.service}-${podHash(
                  input.service,
                  w.updating?.digest ?? w.stable.digest,
                )}" has timed out progressing.`,
                lastUpdateTime: at,
                lastTransitionTime: at,
              }
            : {
                type: 'Progressing',
                status: 'True',
                reason:
                  w.phase === 'Healthy'
                    ? 'NewReplicaSetAvailable'
                    : 'ReplicaSetUpdated',
                message: `ReplicaSet "${input.service}-${podHash(
                  input.service,
                  (w.updating ?? w.stable).digest,
                )}" ${
                  w.phase === 'Healthy'
                    ? 'has successfully progressed'
                    : 'is progressing'
                }.`,
                lastUpdateTime: at,
                lastTransitionTime: at,
              },
        ],
      };
    }
    live = object;
  }
  const workloadStatus: ArgoSyncStatusCode =
    live && target && sameSpec(live, target) ? 'Synced' : 'OutOfSync';
  const images = groups
    .filter(g => g.count > 0)
    .map(g => imageRef(input.applied!.imageRepository, g.rs.digest));
  views.push({
    ...workloadKey,
    managed: true,
    syncWave: 1,
    uid: workloadUid,
    createdAt: input.createdAt,
    live,
    target,
    status: workloadStatus,
    health: workloadHealth(input),
    images: live ? images : undefined,
  });

  if (!live || !w) {
    return views;
  }

  // Children: ReplicaSets, their Pods, and the AnalysisRun of the current rollout.
  const parent = { ...workloadKey, uid: workloadUid };
  for (const group of groups) {
    const hash = podHash(input.service, group.rs.digest);
    const rsName = `${input.service}-${hash}`;
    const rsKey: ResourceKey = {
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      namespace: input.namespace,
      name: rsName,
    };
    const rsUid = uid(rsKey);
    const image = imageRef(input.applied!.imageRepository, group.rs.digest);
    const rsHealth: ArgoHealthStatusCode =
      group.ready >= group.count ? 'Healthy' : 'Progressing';
    views.push({
      ...rsKey,
      managed: false,
      parent,
      uid: rsUid,
      createdAt: group.rs.createdAt,
      live: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: input.namespace,
          uid: rsUid,
          resourceVersion: input.resourceVersion,
          creationTimestamp: group.rs.createdAt,
          labels: {
            'app.kubernetes.io/name': input.service,
            [input.rollout
              ? 'rollouts-pod-template-hash'
              : 'pod-template-hash']: hash,
          },
          annotations: {
            [input.rollout
              ? 'rollout.argoproj.io/revision'
              : 'deployment.kubernetes.io/revision']: String(group.rs.revision),
          },
          ownerReferences: [
            {
              apiVersion: input.rollout ? 'argoproj.io/v1alpha1' : 'apps/v1',
              kind: workloadKey.kind,
              name: input.service,
              uid: workloadUid,
              controller: true,
            },
          ],
        },
        spec: {
          replicas: group.count,
          template: { spec: { containers: [{ name: input.service, image }] } },
        },
        status: {
          replicas: group.count,
          readyReplicas: group.ready,
          availableReplicas: group.ready,
        },
      },
      health: { status: rsHealth },
      images: [image],
      info: [{ name: 'Revision', value: `Rev:${group.rs.revision}` }],
    });
    for (let i = 0; i < group.count; i++) {
      const podName = `${rsName}-${shortHash(`${rsName}/${i}`, 5)}`;
      const podKey: ResourceKey = {
        group: '',
        version: 'v1',
        kind: 'Pod',
        namespace: input.namespace,
        name: podName,
      };
      const isReady = i < group.ready;
      const reason = isReady ? 'Running' : group.reason;
      views.push({
        ...podKey,
        managed: false,
        parent: { ...rsKey, uid: rsUid },
        uid: uid(podKey),
        createdAt: group.rs.createdAt,
        live: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: podName,
            namespace: input.namespace,
            uid: uid(podKey),
            resourceVersion: input.resourceVersion,
            creationTimestamp: group.rs.createdAt,
            labels: { 'app.kubernetes.io/name': input.service },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: rsName,
                uid: rsUid,
                controller: true,
              },
            ],
          },
          spec: { containers: [{ name: input.service, image }] },
          status: {
            phase:
              isReady || reason === 'CrashLoopBackOff' ? 'Running' : 'Pending',
            containerStatuses: [
              {
                name: input.service,
                image,
                ready: isReady,
                ...(isReady
                  ? { state: { running: { startedAt: group.rs.createdAt } } }
                  : { state: { waiting: { reason } } }),
              },
            ],
          },
        },
        health: podHealth(isReady, reason, input.service),
        images: [image],
        info: [
          { name: 'Status Reason', value: reason },
          { name: 'Node', value: `${input.namespace}-node-${i % 3}` },
          { name: 'Containers', value: isReady ? '1/1' : '0/1' },
        ],
      });
    }
  }
  if (w.analysis && w.updating) {
    const a = w.analysis;
    const key: ResourceKey = {
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'AnalysisRun',
      namespace: input.namespace,
      name: a.name,
    };
    const failed = a.phase === 'Failed' || a.phase === 'Error';
    const done = a.phase !== 'Running' && a.phase !== 'Pending';
    views.push({
      ...key,
      managed: false,
      parent,
      uid: uid(key),
      createdAt: a.startedAt,
      live: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisRun',
        metadata: {
          name: a.name,
          namespace: input.namespace,
          uid: uid(key),
          resourceVersion: input.resourceVersion,
          creationTimestamp: a.startedAt,
          labels: {
            'rollouts-pod-template-hash': podHash(
              input.service,
              w.updating.digest,
            ),
          },
          ownerReferences: [
            {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Rollout',
              name: input.service,
              uid: workloadUid,
              controller: true,
            },
          ],
        },
        spec: {
          args: [{ name: 'service', value: input.service }],
          metrics: [{ name: a.template, failureLimit: 0 }],
        },
        status: {
          phase: a.phase,
          ...(a.message ? { message: a.message } : {}),
          startedAt: a.startedAt,
          ...(a.finishedAt ? { completedAt: a.finishedAt } : {}),
          metricResults: [
            {
              name: a.template,
              phase: a.phase,
              count: done ? 1 : 0,
              successful: done && !failed ? 1 : 0,
              failed: failed ? 1 : 0,
              measurements: done
                ? [
                    {
                      phase: failed ? 'Failed' : 'Successful',
                      value: failed ? '[0.87]' : '[0.998]',
                      startedAt: a.startedAt,
                      finishedAt: a.finishedAt ?? a.startedAt,
                    },
                  ]
                : [],
            },
          ],
          runSummary: {
            count: 1,
            successful: done && !failed ? 1 : 0,
            failed: failed ? 1 : 0,
          },
        },
      },
      health: {
        status: ANALYSIS_HEALTH[a.phase],
        ...(a.message ? { message: a.message } : {}),
      },
    });
  }
  return views;
}
