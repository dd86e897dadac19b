/**
 * Response types of the status routes of the GitOps backend
 * (`GET /api/gitops/v1/entities/{namespace}/{kind}/{name}/status` and its event stream).
 */

import type { ChangeRecord } from './promotion';

/**
 * Why one Argo CD instance, or one target on it, could not be read.
 *
 * `PENDING` (instances only): the backend started recently and the instance's first list of
 * applications has not arrived yet. The status carries what the other instances have; the
 * event stream sends the rest as soon as the list lands. It is not a failure of the instance.
 *
 * @public
 */
export type GitOpsErrorCode =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'INVALID_RESPONSE'
  | 'PENDING';

/**
 * An error attached to a target or an instance. The message never holds a secret.
 *
 * @public
 */
export interface GitOpsError {
  code: GitOpsErrorCode;
  message: string;
}

/**
 * Argo CD's sync status of an Application or resource.
 *
 * @public
 */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

/**
 * Argo CD's health status of an Application or resource.
 *
 * @public
 */
export type HealthStatusCode =
  | 'Healthy'
  | 'Progressing'
  | 'Suspended'
  | 'Degraded'
  | 'Missing'
  | 'Unknown';

/**
 * The Argo CD Application that deploys one target.
 *
 * @public
 */
export interface ApplicationRef {
  name: string;
  namespace: string;
  project: string;
  /** Link to the application in the Argo CD UI. */
  url: string;
}

/**
 * One resource of an Application that is not in sync with git.
 *
 * @public
 */
export interface DriftedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  status: SyncStatusCode;
  health: HealthStatusCode | null;
  syncWave: number;
}

/**
 * Drift of one target: how many resources differ from git, and which.
 *
 * @public
 */
export interface DriftSummary {
  outOfSync: number;
  resources: DriftedResource[];
}

/**
 * Result of the analysis run of the current rollout step, when there is one.
 *
 * @public
 */
export type AnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Error'
  | 'Inconclusive';

/**
 * Progress of an Argo Rollouts Rollout, as `kubectl argo rollouts get rollout` shows it.
 *
 * @public
 */
export interface RolloutProgress {
  name: string;
  strategy: 'canary' | 'blueGreen';
  /** The Rollout's phase: Healthy, Progressing, Paused or Degraded. */
  phase: 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';
  /** Index of the current canary step; equals `steps` when all steps are done. */
  step: number | null;
  steps: number;
  /** Last `setWeight` at or before the current step; 0 when aborted, 100 when done. */
  setWeight: number;
  actualWeight: number;
  paused: boolean;
  aborted: boolean;
  message: string | null;
  analysis: {
    name: string;
    phase: AnalysisPhase;
    message: string | null;
  } | null;
}

/**
 * The operation Argo CD runs, or ran last, on an Application.
 *
 * @public
 */
export interface OperationSummary {
  phase: 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';
  message: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * An Argo CD sync window, as the syncwindows endpoint reports it.
 *
 * @public
 */
export interface SyncWindow {
  kind: 'allow' | 'deny';
  schedule: string;
  duration: string;
  manualSync: boolean;
}

/**
 * Whether Argo CD would sync this target now.
 *
 * @public
 */
export interface SyncWindowsSummary {
  canSync: boolean;
  active: SyncWindow[];
}

/**
 * What runs on one target (an Argo CD instance and one of its clusters) for one environment.
 *
 * @public
 */
export interface TargetStatus {
  /** Name of the Argo CD instance in config. */
  instance: string;
  /** Name (or server URL) of the destination cluster. */
  cluster: string;
  application: ApplicationRef;
  sync: { status: SyncStatusCode; revision: string | null };
  health: { status: HealthStatusCode; message: string | null };
  drift: DriftSummary;
  /**
   * The Argo Rollouts Rollout the application manages. `null` means "no Rollout" only when
   * `detailsLoading` is false; while it is true the Rollout (and `syncWindows`) have not been
   * read yet.
   */
  rollout: RolloutProgress | null;
  /** Digest of the service's image that runs live, when one is known. */
  digest: string | null;
  /** Every image Argo CD reports for the Application. */
  images: string[];
  operation: OperationSummary | null;
  reconciledAt: string | null;
  /**
   * False while health may predate the last operation
   * (`reconciledAt` before `operationState.finishedAt`), as Kargo judges it.
   */
  trusted: boolean;
  syncWindows: SyncWindowsSummary | null;
  /**
   * True while the details the application list lacks (`rollout`, `syncWindows`) are still
   * being read from Argo CD for the first time. They are read in the background: the event
   * stream pushes them when they arrive, and `GET …/status?wait=details` waits for them (for at
   * most 2 s) instead of answering at once.
   */
  detailsLoading: boolean;
  error: GitOpsError | null;
}

/**
 * The pin of one environment in the GitOps repository's branch.
 *
 * @public
 */
export interface DesiredState {
  digest: string;
  /** The commit that last changed the pin. */
  commit: string | null;
}

/**
 * One environment of the promotion order, with every target that deploys it.
 *
 * @public
 */
export interface EnvironmentStatus {
  /** Environment name, or null for applications whose environment is unknown. */
  name: string | null;
  desired: DesiredState | null;
  targets: TargetStatus[];
}

/**
 * An Argo CD instance that could not be read.
 *
 * @public
 */
export interface InstanceError extends GitOpsError {
  instance: string;
}

/**
 * Status of one catalog entity on every cluster.
 *
 * @public
 */
export interface EntityGitOpsStatus {
  entityRef: string;
  /** Service folder name in the GitOps repository layout, when known. */
  service: string | null;
  environments: EnvironmentStatus[];
  /** Preview environments: applications generated per pull request. */
  previews: TargetStatus[];
  errors: InstanceError[];
  /**
   * The entity's promotion, rollback and pin records, newest first (at most 50): present only
   * when asked for with `?include=changes` (status route and event stream), so that a page
   * shows status and pending changes from one request. The `ETag` covers them, and the event
   * stream sends a new event when one of them changes.
   */
  changes?: ChangeRecord[];
}

/**
 * One out-of-sync resource with its desired and live manifests.
 *
 * @public
 */
export interface DriftedResourceDiff extends DriftedResource {
  /** Normalised YAML of the manifest in git, or null when the resource should be pruned. */
  desired: string | null;
  /** Normalised YAML of the live manifest, or null when it is missing from the cluster. */
  live: string | null;
  /** Unified diff, desired (---) versus live (+++). */
  diff: string;
}

/**
 * Response of the drift route.
 *
 * @public
 */
export interface DriftResponse {
  environment: string | null;
  instance: string;
  application: string;
  resources: DriftedResourceDiff[];
}
