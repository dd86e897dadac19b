import type {
  DriftedResource,
  HealthStatusCode,
  OperationSummary,
  SyncStatusCode,
} from '@gitops-portal/plugin-gitops-common';
import type {
  ApplicationClassification,
  ApplicationClassifier,
} from './classifyApplication';
import type { ValidatedApplication } from './schemas';

/**
 * A Rollout managed by an Application, located for the `resource` endpoint.
 *
 * @public
 */
export interface ManagedRolloutRef {
  namespace: string;
  name: string;
  group: string;
  version: string;
}

/**
 * The compact, JSON-serialisable form of an Application that the index keeps: what the status
 * API shows, plus where the details (rollouts) are. Built once per received version.
 *
 * @public
 */
export interface IndexedApplication {
  instance: string;
  name: string;
  /** Namespace of the Application object (the control plane's, or another with apps in any namespace). */
  namespace: string;
  /** `namespace/name`: unique per instance. */
  key: string;
  resourceVersion: string | null;
  labels: Record<string, string>;
  project: string;
  destination: {
    server: string | null;
    name: string | null;
    namespace: string | null;
  };
  /** Sent as `appNamespace` on per-application calls. */
  appNamespace?: string;
  sync: { status: SyncStatusCode; revision: string | null };
  health: { status: HealthStatusCode; message: string | null };
  operation: OperationSummary | null;
  operationPending: boolean;
  reconciledAt: string | null;
  images: string[];
  /** Out-of-sync and to-be-pruned resources (hooks excluded). */
  drifted: DriftedResource[];
  rollouts: ManagedRolloutRef[];
  /** False when the answer carried no `status.resources` (rollouts then come from the tree). */
  resourcesKnown: boolean;
  classification: ApplicationClassification;
}

/**
 * Converts a validated Application into its indexed form.
 *
 * @param appNamespaces - namespaces configured as outside the control plane; applications in
 *   them, or in any namespace other than the controller's, are addressed with `appNamespace`.
 * @public
 */
export function toIndexedApplication(
  app: ValidatedApplication,
  options: {
    instance: string;
    classify: ApplicationClassifier;
    appNamespaces?: string[];
  },
): IndexedApplication {
  const { metadata, spec } = app;
  const status = app.status ?? undefined;
  const namespace = metadata.namespace ?? '';
  const classification = options.classify(app);

  const revisions = status?.sync?.revisions ?? [];
  const revision =
    (spec.sources?.length && classification.sourceIndex !== null
      ? revisions[classification.sourceIndex]
      : undefined) ??
    status?.sync?.revision ??
    revisions[0] ??
    null;

  const controllerNamespace = status?.controllerNamespace ?? undefined;
  const outsideControlPlane =
    namespace !== '' &&
    ((controllerNamespace !== undefined && namespace !== controllerNamespace) ||
      (options.appNamespaces ?? []).includes(namespace));

  const resources = status?.resources ?? undefined;
  const drifted: DriftedResource[] = [];
  const rollouts: ManagedRolloutRef[] = [];
  for (const resource of resources ?? []) {
    if (resource.hook) continue;
    if (resource.status === 'OutOfSync' || resource.requiresPruning) {
      drifted.push({
        group: resource.group ?? '',
        kind: resource.kind ?? '',
        namespace: resource.namespace ?? '',
        name: resource.name ?? '',
        status: resource.status ?? 'Unknown',
        health: resource.health?.status ?? null,
        syncWave: resource.syncWave ?? 0,
      });
    }
    if (
      resource.kind === 'Rollout' &&
      resource.group === 'argoproj.io' &&
      resource.name
    ) {
      rollouts.push({
        namespace: resource.namespace ?? '',
        name: resource.name,
        group: resource.group,
        version: resource.version || 'v1alpha1',
      });
    }
  }

  const operationState = status?.operationState ?? undefined;
  return {
    instance: options.instance,
    name: metadata.name,
    namespace,
    key: `${namespace}/${metadata.name}`,
    resourceVersion: metadata.resourceVersion ?? null,
    labels: metadata.labels ?? {},
    project: spec.project || 'default',
    destination: {
      server: spec.destination?.server ?? null,
      name: spec.destination?.name ?? null,
      namespace: spec.destination?.namespace ?? null,
    },
    ...(outsideControlPlane ? { appNamespace: namespace } : {}),
    sync: { status: status?.sync?.status ?? 'Unknown', revision },
    health: {
      status: status?.health?.status ?? 'Unknown',
      message: status?.health?.message ?? null,
    },
    operation: operationState
      ? {
          phase: operationState.phase,
          message: operationState.message ?? null,
          startedAt: operationState.startedAt ?? null,
          finishedAt: operationState.finishedAt ?? null,
        }
      : null,
    operationPending: app.operation !== undefined && app.operation !== null,
    reconciledAt: status?.reconciledAt ?? null,
    images: status?.summary?.images ?? [],
    drifted,
    rollouts,
    resourcesKnown: resources !== undefined,
    classification,
  };
}
