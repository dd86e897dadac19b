import type {
  ArgoApplication,
  ArgoApplicationTree,
  ArgoManagedResourcesResponse,
} from '@gitops-portal/plugin-gitops-node';
import { z } from 'zod';

const SHA = /^[0-9a-f]{40}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const health = z.enum([
  'Unknown',
  'Progressing',
  'Healthy',
  'Suspended',
  'Degraded',
  'Missing',
]);
const sync = z.enum(['Unknown', 'Synced', 'OutOfSync']);
const source = z.object({
  repoURL: z.string().url(),
  path: z.string().min(1),
  targetRevision: z.string().min(1),
});

/**
 * Runtime check of the key fields of an Argo CD 3.x Application, as the plugin's client reads
 * them (the compile-time check is the `ArgoApplication` type the sandbox's code returns).
 */
export const applicationShape = z.object({
  metadata: z.object({
    name: z.string().min(1),
    namespace: z.literal('argocd'),
    uid: z.string().min(1),
    resourceVersion: z.string().regex(/^\d+$/),
    labels: z.record(z.string(), z.string()),
  }),
  spec: z.object({
    project: z.string().min(1),
    source,
    destination: z.object({
      name: z.string().min(1),
      namespace: z.string().min(1),
    }),
    syncPolicy: z.object({
      automated: z
        .object({ prune: z.boolean(), selfHeal: z.boolean() })
        .optional(),
    }),
  }),
  status: z.object({
    sync: z.object({
      status: sync,
      revision: z.string().regex(SHA),
      comparedTo: z.object({
        source,
        destination: z.object({ name: z.string() }),
      }),
    }),
    health: z.object({
      status: health,
      lastTransitionTime: z.string().regex(TIME),
    }),
    operationState: z
      .object({
        phase: z.enum([
          'Running',
          'Terminating',
          'Failed',
          'Error',
          'Succeeded',
        ]),
        startedAt: z.string().regex(TIME),
        operation: z.object({
          sync: z.object({ revision: z.string().regex(SHA) }),
        }),
      })
      .optional(),
    history: z
      .array(
        z.object({
          id: z.number().int(),
          revision: z.string().regex(SHA),
          deployedAt: z.string().regex(TIME),
          source,
        }),
      )
      .optional(),
    resources: z.array(
      z.object({
        kind: z.string(),
        name: z.string(),
        namespace: z.string(),
        version: z.string(),
        syncWave: z.number().int(),
        status: sync.optional(),
        health: z.object({ status: health }).optional(),
      }),
    ),
    reconciledAt: z.string().regex(TIME),
    sourceType: z.enum(['Helm', 'Kustomize']),
    summary: z.object({
      images: z
        .array(
          z.string().regex(/^ghcr\.io\/acme\/[a-z0-9-]+@sha256:[0-9a-f]{64}$/),
        )
        .optional(),
    }),
  }),
});

/** Parses an Application with {@link applicationShape}; returns it typed. */
export function checkApplication(value: unknown): ArgoApplication {
  applicationShape.parse(value);
  return value as ArgoApplication;
}

const node = z.object({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().min(1),
  parentRefs: z
    .array(z.object({ kind: z.string(), name: z.string(), uid: z.string() }))
    .optional(),
  health: z.object({ status: health }).optional(),
  info: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

/** Runtime check of a resource tree. */
export function checkTree(value: unknown): ArgoApplicationTree {
  z.object({ nodes: z.array(node) }).parse(value);
  return value as ArgoApplicationTree;
}

/** Runtime check of managed-resources: JSON-string states. */
export function checkManagedResources(
  value: unknown,
): ArgoManagedResourcesResponse {
  z.object({
    items: z.array(
      z.object({
        kind: z.string(),
        name: z.string(),
        namespace: z.string(),
        targetState: z.string(),
        liveState: z.string(),
        normalizedLiveState: z.string(),
        predictedLiveState: z.string(),
        modified: z.boolean(),
      }),
    ),
  }).parse(value);
  return value as ArgoManagedResourcesResponse;
}
