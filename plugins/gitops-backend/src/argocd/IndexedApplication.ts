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
import type { StringPool } from './StringPool';

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

/** Shared by every application that has none: the index holds thousands. */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<
  string,
  string
>;
const NO_IMAGES: string[] = Object.freeze([]) as unknown as string[];
const NO_DRIFT: DriftedResource[] = Object.freeze(
  [],
) as unknown as DriftedResource[];
const NO_ROLLOUTS: ManagedRolloutRef[] = Object.freeze(
  [],
) as unknown as ManagedRolloutRef[];

/** Interns nothing: every string stays the parsed one. */
const keep = <T extends string | null>(value: T): T => value;

/**
 * Converts a validated Application into its indexed form.
 *
 * @param appNamespaces - namespaces configured as outside the control plane; applications in
 *   them, or in any namespace other than the controller's, are addressed with `appNamespace`.
 * @param strings - shares the strings many applications repeat (label values, projects,
 *   destinations, revisions, images, messages); the index passes one for all its instances.
 *   Arrays and label maps that are empty are shared too, frozen: the result is read-only.
 * @public
 */
export function toIndexedApplication(
  app: ValidatedApplication,
  options: {
    instance: string;
    classify: ApplicationClassifier;
    appNamespaces?: string[];
    strings?: StringPool;
  },
): IndexedApplication {
  const pool = options.strings;
  const share: <T extends string | null>(value: T) => T = pool
    ? value => pool.internNullable(value) as typeof value
    : keep;
  const { metadata, spec } = app;
  const status = app.status ?? undefined;
  const namespace = share(metadata.namespace ?? '');
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
        group: share(resource.group ?? ''),
        kind: share(resource.kind ?? ''),
        namespace: share(resource.namespace ?? ''),
        name: resource.name ?? '',
        status: share(resource.status ?? 'Unknown'),
        health: share(resource.health?.status ?? null),
        syncWave: resource.syncWave ?? 0,
      });
    }
    if (
      resource.kind === 'Rollout' &&
      resource.group === 'argoproj.io' &&
      resource.name
    ) {
      rollouts.push({
        namespace: share(resource.namespace ?? ''),
        name: resource.name,
        group: share(resource.group),
        version: share(resource.version || 'v1alpha1'),
      });
    }
  }

  const operationState = status?.operationState ?? undefined;
  const images = status?.summary?.images ?? [];
  return {
    instance: options.instance,
    name: metadata.name,
    namespace,
    key: `${namespace}/${metadata.name}`,
    resourceVersion: metadata.resourceVersion ?? null,
    labels: sharedLabels(metadata.labels, share),
    project: share(spec.project || 'default'),
    destination: {
      server: share(spec.destination?.server ?? null),
      name: share(spec.destination?.name ?? null),
      namespace: share(spec.destination?.namespace ?? null),
    },
    ...(outsideControlPlane ? { appNamespace: namespace } : {}),
    sync: {
      status: share(status?.sync?.status ?? 'Unknown'),
      revision: share(revision),
    },
    health: {
      status: share(status?.health?.status ?? 'Unknown'),
      message: share(status?.health?.message ?? null),
    },
    operation: operationState
      ? {
          phase: share(operationState.phase),
          message: share(operationState.message ?? null),
          startedAt: share(operationState.startedAt ?? null),
          finishedAt: share(operationState.finishedAt ?? null),
        }
      : null,
    operationPending: app.operation !== undefined && app.operation !== null,
    reconciledAt: share(status?.reconciledAt ?? null),
    images: images.length > 0 ? images.map(image => share(image)) : NO_IMAGES,
    drifted: drifted.length > 0 ? drifted : NO_DRIFT,
    rollouts: rollouts.length > 0 ? rollouts : NO_ROLLOUTS,
    resourcesKnown: resources !== undefined,
    classification: {
      ...classification,
      environment: share(classification.environment),
      service: share(classification.service),
    },
  };
}

function sharedLabels(
  labels: Record<string, string> | null | undefined,
  share: (value: string) => string,
): Record<string, string> {
  if (!labels) return NO_LABELS;
  const keys = Object.keys(labels);
  if (keys.length === 0) return NO_LABELS;
  const result: Record<string, string> = {};
  for (const key of keys) result[share(key)] = share(labels[key]);
  return result;
}
