/*
 * Test payloads shaped like the GitOps backend's answers for the sandbox's `gateway` service
 * (Helm, canary Rollout): dev and staging on the `nonprod` Argo CD, prod on `prod`.
 */
import type {
  ChangePlan,
  ChangeRecord,
  DriftResponse,
  EntityGitOpsStatus,
  GateResult,
  GitOpsPublicConfig,
  PinHistoryResponse,
  RolloutProgress,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';

export const ENTITY_REF = 'component:default/gateway';

export const digestOf = (seed: string) =>
  `sha256:${seed.repeat(64).slice(0, 64)}`;

export const DIGEST_NEW = digestOf('a1');
export const DIGEST_CURRENT = digestOf('b2');
export const DIGEST_OLD = digestOf('c3');

export const config: GitOpsPublicConfig = {
  environments: [
    { name: 'dev', autoMerge: true, approvals: 0 },
    { name: 'staging', autoMerge: false, approvals: 0 },
    { name: 'prod', autoMerge: false, approvals: 2 },
  ],
  repository: { url: 'http://localhost:7010/acme/gitops', branch: 'main' },
};

export function makeRollout(
  overrides: Partial<RolloutProgress> = {},
): RolloutProgress {
  return {
    name: 'gateway',
    strategy: 'canary',
    phase: 'Healthy',
    step: 8,
    steps: 8,
    setWeight: 100,
    actualWeight: 100,
    paused: false,
    aborted: false,
    message: null,
    analysis: null,
    ...overrides,
  };
}

export function makeTarget(
  environment: string,
  overrides: Partial<TargetStatus> = {},
): TargetStatus {
  const instance = environment === 'prod' ? 'prod' : 'nonprod';
  const name = `gateway-${environment}`;
  return {
    instance,
    cluster: environment,
    application: {
      name,
      namespace: 'argocd',
      project: 'shop',
      url: `http://localhost:7010/argocd/${instance}/applications/argocd/${name}`,
    },
    sync: { status: 'Synced', revision: '4f1c2a9e0d7b' },
    health: { status: 'Healthy', message: null },
    drift: { outOfSync: 0, resources: [] },
    rollout: makeRollout(),
    digest: DIGEST_CURRENT,
    images: [`registry.local/acme/gateway@${DIGEST_CURRENT}`],
    operation: {
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:00:05Z',
    },
    reconciledAt: '2026-11-20T10:00:06Z',
    trusted: true,
    syncWindows: { canSync: true, active: [] },
    detailsLoading: false,
    error: null,
    ...overrides,
  };
}

export function makeStatus(
  overrides: Partial<EntityGitOpsStatus> = {},
): EntityGitOpsStatus {
  return {
    entityRef: ENTITY_REF,
    service: 'gateway',
    environments: [
      {
        name: 'dev',
        desired: { digest: DIGEST_NEW, commit: '9a8b7c6d5e4f' },
        targets: [makeTarget('dev', { digest: DIGEST_NEW })],
      },
      {
        name: 'staging',
        desired: { digest: DIGEST_CURRENT, commit: '1a2b3c4d5e6f' },
        targets: [makeTarget('staging')],
      },
      {
        name: 'prod',
        desired: { digest: DIGEST_CURRENT, commit: '1a2b3c4d5e6f' },
        targets: [makeTarget('prod')],
      },
    ],
    previews: [],
    errors: [],
    ...overrides,
  };
}

/** The staging target while its canary Rollout is paused at `step` of 8 (10% per step). */
export function makePausedStagingTarget(step: number): TargetStatus {
  return makeTarget('staging', {
    health: { status: 'Progressing', message: null },
    rollout: makeRollout({
      phase: 'Paused',
      paused: true,
      step,
      setWeight: step * 10,
      actualWeight: step * 10,
    }),
  });
}

/** The status with staging's only target paused at canary `step`. */
export function makeStatusAtStagingStep(step: number): EntityGitOpsStatus {
  const status = makeStatus();
  status.environments[1].targets = [makePausedStagingTarget(step)];
  return status;
}

export function makeGates(failing: string[] = []): GateResult[] {
  const all: GateResult[] = [
    {
      name: 'permission',
      passed: true,
      message: 'user:default/guest may promote to staging',
    },
    {
      name: 'source-digest',
      passed: true,
      message: 'dev runs its pinned digest on every target',
    },
    {
      name: 'source-health',
      passed: true,
      message: 'dev is Synced and Healthy on every target',
    },
    {
      name: 'not-at-digest',
      passed: true,
      message: 'staging runs another digest',
    },
    {
      name: 'sync-window',
      passed: true,
      message: 'no deny window is active on staging',
    },
  ];
  return all.map(g =>
    failing.includes(g.name)
      ? { ...g, passed: false, message: `${g.name} failed: blocked` }
      : g,
  );
}

export function makePlan(overrides: Partial<ChangePlan> = {}): ChangePlan {
  return {
    type: 'promotion',
    branch: 'gitops/promote/gateway/staging/a1a1a1a1a1a1',
    title: 'Promote gateway to staging (a1a1a1a1a1a1)',
    files: [
      {
        path: 'envs/staging/gateway/values.yaml',
        action: 'update',
        content: `image:\n  digest: ${DIGEST_NEW}\n`,
      },
    ],
    gates: makeGates(),
    digest: DIGEST_NEW,
    previousDigest: DIGEST_CURRENT,
    ...overrides,
  };
}

export function makeRecord(
  overrides: Partial<ChangeRecord> = {},
): ChangeRecord {
  return {
    id: 'rec-1',
    type: 'promotion',
    entityRef: ENTITY_REF,
    service: 'gateway',
    from: 'dev',
    to: 'staging',
    digest: DIGEST_NEW,
    previousDigest: DIGEST_CURRENT,
    state: 'open',
    pullRequest: {
      number: 42,
      url: 'http://localhost:7010/acme/gitops/pull/42',
      branch: 'gitops/promote/gateway/staging/a1a1a1a1a1a1',
    },
    createdBy: 'user:default/guest',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    mergedAt: null,
    deployedAt: null,
    gates: makeGates(),
    message: null,
    ...overrides,
  };
}

export function makeHistory(environment = 'prod'): PinHistoryResponse {
  return {
    items: [
      {
        environment,
        digest: DIGEST_CURRENT,
        commit: '1a2b3c4d5e6f7a8b',
        author: 'Guest',
        committedAt: '2026-11-20T09:00:00Z',
        message: 'Promote gateway to prod',
        pullRequest: {
          number: 40,
          url: 'http://localhost:7010/acme/gitops/pull/40',
        },
      },
      {
        environment,
        digest: DIGEST_OLD,
        commit: '0f0e0d0c0b0a0908',
        author: 'Rita',
        committedAt: '2026-11-18T09:00:00Z',
        message: 'Promote gateway to prod',
        pullRequest: {
          number: 31,
          url: 'http://localhost:7010/acme/gitops/pull/31',
        },
      },
    ],
    nextCursor: null,
  };
}

export function makeDrift(): DriftResponse {
  return {
    environment: 'dev',
    instance: 'nonprod',
    application: 'gateway-dev',
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'gateway',
        name: 'gateway-worker',
        status: 'OutOfSync',
        health: 'Healthy',
        syncWave: 1,
        desired: 'spec:\n  replicas: 2\n',
        live: 'spec:\n  replicas: 5\n',
        diff: '--- desired\n+++ live\n@@ -1,2 +1,2 @@\n spec:\n-  replicas: 2\n+  replicas: 5\n',
      },
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'gateway',
        name: 'gateway-config',
        status: 'OutOfSync',
        health: null,
        syncWave: -1,
        desired: 'data:\n  LOG_LEVEL: info\n',
        live: null,
        diff: '--- desired\n+++ live\n@@ -1,2 +0,0 @@\n-data:\n-  LOG_LEVEL: info\n',
      },
    ],
  };
}
