import { z } from 'zod';

/*
 * Validation of the Argo CD 3.x payloads at the boundary: only the fields the plugin relies on
 * are checked (and kept; unknown keys are dropped). Go omits empty fields and sometimes writes
 * `null`, so everything optional is `nullish`. Enumerations fall back to a neutral value instead
 * of rejecting a whole application when Argo CD adds a new one.
 */

const nullishString = z.string().nullish();
const stringMap = z.record(z.string(), z.string()).nullish();

const healthStatusSchema = z
  .enum([
    'Healthy',
    'Progressing',
    'Suspended',
    'Degraded',
    'Missing',
    'Unknown',
  ])
  .catch('Unknown');

const syncStatusSchema = z
  .enum(['Synced', 'OutOfSync', 'Unknown'])
  .catch('Unknown');

const operationPhaseSchema = z
  .enum(['Running', 'Terminating', 'Failed', 'Error', 'Succeeded'])
  .catch('Error');

/** One source of an Application (`spec.source` or an item of `spec.sources`). */
export const applicationSourceSchema = z.object({
  repoURL: z.string(),
  path: nullishString,
  targetRevision: nullishString,
  chart: nullishString,
  ref: nullishString,
  helm: z.object({ valueFiles: z.array(z.string()).nullish() }).nullish(),
});

const resourceStatusSchema = z.object({
  group: nullishString,
  version: nullishString,
  kind: nullishString,
  namespace: nullishString,
  name: nullishString,
  status: syncStatusSchema.nullish(),
  health: z
    .object({ status: healthStatusSchema.nullish(), message: nullishString })
    .nullish(),
  hook: z.boolean().nullish(),
  requiresPruning: z.boolean().nullish(),
  syncWave: z.number().nullish(),
});

/** An Application as the list, get and watch endpoints return it. */
export const applicationSchema = z.object({
  metadata: z.object({
    name: z.string().min(1),
    namespace: nullishString,
    resourceVersion: nullishString,
    labels: stringMap,
  }),
  spec: z.object({
    project: nullishString,
    source: applicationSourceSchema.nullish(),
    sources: z.array(applicationSourceSchema).nullish(),
    destination: z
      .object({
        server: nullishString,
        name: nullishString,
        namespace: nullishString,
      })
      .nullish(),
    syncPolicy: z
      .object({
        automated: z
          .object({
            prune: z.boolean().nullish(),
            selfHeal: z.boolean().nullish(),
            enabled: z.boolean().nullish(),
          })
          .nullish(),
      })
      .nullish(),
  }),
  status: z
    .object({
      sync: z
        .object({
          status: syncStatusSchema.nullish(),
          revision: nullishString,
          revisions: z.array(z.string()).nullish(),
        })
        .nullish(),
      health: z
        .object({
          status: healthStatusSchema.nullish(),
          message: nullishString,
        })
        .nullish(),
      operationState: z
        .object({
          phase: operationPhaseSchema,
          message: nullishString,
          startedAt: nullishString,
          finishedAt: nullishString,
          syncResult: z
            .object({
              revision: nullishString,
              revisions: z.array(z.string()).nullish(),
            })
            .nullish(),
        })
        .nullish(),
      reconciledAt: nullishString,
      summary: z.object({ images: z.array(z.string()).nullish() }).nullish(),
      resources: z.array(resourceStatusSchema).nullish(),
      controllerNamespace: nullishString,
    })
    .nullish(),
  /** Present while a requested operation has not finished; only its presence matters. */
  operation: z.unknown().optional(),
});

/** A validated Application. */
export type ValidatedApplication = z.infer<typeof applicationSchema>;

/**
 * `GET /api/v1/applications`. Items are validated one by one by the client, so that one odd
 * Application does not hide the others.
 */
export const applicationListSchema = z.object({
  metadata: z.object({ resourceVersion: nullishString }).nullish(),
  items: z.array(z.unknown()).nullish(),
});

/** grpc-gateway's error body (`runtimeError`). */
export const runtimeErrorSchema = z.object({
  error: nullishString,
  code: z.number().nullish(),
  message: nullishString,
});

/** One line of `GET /api/v1/stream/applications`. */
export const watchChunkSchema = z.union([
  z.object({
    result: z.object({
      type: z.enum(['ADDED', 'MODIFIED', 'DELETED']),
      application: z.unknown(),
    }),
  }),
  z.object({ error: runtimeErrorSchema }),
]);

const resourceRefSchema = z.object({
  group: nullishString,
  version: nullishString,
  kind: nullishString,
  namespace: nullishString,
  name: nullishString,
  uid: nullishString,
});

/** `GET /api/v1/applications/{name}/resource-tree`. */
export const applicationTreeSchema = z.object({
  nodes: z
    .array(
      resourceRefSchema.extend({
        parentRefs: z.array(resourceRefSchema).nullish(),
        info: z
          .array(z.object({ name: nullishString, value: nullishString }))
          .nullish(),
        health: z
          .object({
            status: healthStatusSchema.nullish(),
            message: nullishString,
          })
          .nullish(),
        images: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
});

/** A validated resource tree. */
export type ValidatedApplicationTree = z.infer<typeof applicationTreeSchema>;

/** `GET /api/v1/applications/{name}/resource`: the live object as a JSON string. */
export const resourceResponseSchema = z.object({ manifest: z.string() });

/** `GET /api/v1/applications/{name}/managed-resources`. */
export const managedResourcesSchema = z.object({
  items: z
    .array(
      z.object({
        group: nullishString,
        kind: nullishString,
        namespace: nullishString,
        name: nullishString,
        targetState: nullishString,
        liveState: nullishString,
        normalizedLiveState: nullishString,
        predictedLiveState: nullishString,
        hook: z.boolean().nullish(),
        modified: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

/** A validated managed-resources answer. */
export type ValidatedManagedResources = z.infer<typeof managedResourcesSchema>;

const syncWindowSchema = z.object({
  kind: z.enum(['allow', 'deny']).nullish(),
  schedule: nullishString,
  duration: nullishString,
  manualSync: z.boolean().nullish(),
});

/** `GET /api/v1/applications/{name}/syncwindows`. */
export const syncWindowsSchema = z.object({
  activeWindows: z.array(syncWindowSchema).nullish(),
  assignedWindows: z.array(syncWindowSchema).nullish(),
  canSync: z.boolean().nullish(),
});

/** A validated sync windows answer. */
export type ValidatedSyncWindows = z.infer<typeof syncWindowsSchema>;

/** A sync window as an AppProject declares it: what it applies to, besides when. */
const projectSyncWindowSchema = syncWindowSchema.extend({
  applications: z.array(z.string()).nullish(),
  namespaces: z.array(z.string()).nullish(),
  clusters: z.array(z.string()).nullish(),
  timeZone: nullishString,
  andOperator: z.boolean().nullish(),
});

/** A validated sync window of an AppProject. */
export type ValidatedProjectSyncWindow = z.infer<
  typeof projectSyncWindowSchema
>;

/** `GET /api/v1/projects`: only what sync windows need of each AppProject. */
export const projectListSchema = z.object({
  items: z
    .array(
      z.object({
        metadata: z.object({ name: z.string().min(1) }),
        spec: z
          .object({ syncWindows: z.array(projectSyncWindowSchema).nullish() })
          .nullish(),
      }),
    )
    .nullish(),
});

/** A validated AppProject list. */
export type ValidatedProjectList = z.infer<typeof projectListSchema>;

/** `GET /api/v1/projects/{name}/syncwindows`: the project's windows active now. */
export const projectSyncWindowsSchema = z.object({
  windows: z.array(projectSyncWindowSchema).nullish(),
});

/** A validated answer of a project's active sync windows. */
export type ValidatedProjectSyncWindows = z.infer<
  typeof projectSyncWindowsSchema
>;

/** `POST /api/v1/session`. */
export const sessionResponseSchema = z.object({ token: z.string().min(1) });

const analysisStatusSchema = z
  .object({
    name: z.string(),
    status: z
      .enum([
        'Pending',
        'Running',
        'Successful',
        'Failed',
        'Error',
        'Inconclusive',
      ])
      .catch('Pending'),
    message: nullishString,
  })
  .nullish();

/**
 * The fields of an Argo Rollouts `Rollout` that the progress computation reads. Used to check a
 * manifest before it is read as `ArgoRollout`.
 */
export const rolloutSchema = z.object({
  kind: z.literal('Rollout'),
  metadata: z.object({
    name: z.string(),
    namespace: nullishString,
    generation: z.number().nullish(),
  }),
  spec: z.object({
    replicas: z.number().nullish(),
    paused: z.boolean().nullish(),
    strategy: z.object({
      canary: z
        .object({
          steps: z
            .array(z.object({ setWeight: z.number().nullish() }))
            .nullish(),
        })
        .nullish(),
      blueGreen: z.object({}).nullish(),
    }),
  }),
  status: z
    .object({
      abort: z.boolean().nullish(),
      controllerPause: z.boolean().nullish(),
      pauseConditions: z.array(z.object({ reason: z.string() })).nullish(),
      currentPodHash: nullishString,
      currentStepIndex: z.number().nullish(),
      availableReplicas: z.number().nullish(),
      observedGeneration: z.union([z.string(), z.number()]).nullish(),
      stableRS: nullishString,
      phase: nullishString,
      message: nullishString,
      canary: z
        .object({
          currentStepAnalysisRunStatus: analysisStatusSchema,
          currentBackgroundAnalysisRunStatus: analysisStatusSchema,
          weights: z
            .object({ canary: z.object({ weight: z.number() }) })
            .nullish(),
        })
        .nullish(),
      blueGreen: z
        .object({
          activeSelector: nullishString,
          prePromotionAnalysisRunStatus: analysisStatusSchema,
          postPromotionAnalysisRunStatus: analysisStatusSchema,
        })
        .nullish(),
    })
    .nullish(),
});
