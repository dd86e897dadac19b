/**
 * Argo CD 3.x REST payloads, as far as the GitOps plugin reads or writes them. Field names are
 * the JSON tags of Argo CD's `pkg/apis/application/v1alpha1/types.go` and the grpc-gateway
 * messages of `server/application/application.proto`. The sandbox serves exactly these types.
 */

/** @public */
export type ArgoHealthStatusCode =
  | 'Unknown'
  | 'Progressing'
  | 'Healthy'
  | 'Suspended'
  | 'Degraded'
  | 'Missing';

/** @public */
export type ArgoSyncStatusCode = 'Unknown' | 'Synced' | 'OutOfSync';

/** @public */
export type ArgoOperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Failed'
  | 'Error'
  | 'Succeeded';

/** @public */
export interface ArgoObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** @public */
export interface ArgoApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  ref?: string;
  helm?: {
    valueFiles?: string[];
    parameters?: Array<{ name: string; value: string }>;
    values?: string;
  };
  kustomize?: { images?: string[] };
}

/** @public */
export interface ArgoApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

/** @public */
export interface ArgoSyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; enabled?: boolean };
  syncOptions?: string[];
}

/** @public */
export interface ArgoApplicationSpec {
  project: string;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
  destination: ArgoApplicationDestination;
  syncPolicy?: ArgoSyncPolicy;
  revisionHistoryLimit?: number;
}

/** @public */
export interface ArgoResourceStatus {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: ArgoSyncStatusCode;
  health?: { status?: ArgoHealthStatusCode; message?: string };
  hook?: boolean;
  requiresPruning?: boolean;
  syncWave?: number;
}

/** @public */
export interface ArgoOperationState {
  operation: {
    sync?: { revision?: string; revisions?: string[]; prune?: boolean };
    initiatedBy?: { username?: string; automated?: boolean };
  };
  phase: ArgoOperationPhase;
  message?: string;
  syncResult?: {
    revision: string;
    revisions?: string[];
    resources?: Array<{
      group: string;
      version: string;
      kind: string;
      namespace: string;
      name: string;
      status?: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
      message?: string;
      syncPhase?: 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
      images?: string[];
    }>;
  };
  startedAt: string;
  finishedAt?: string;
  retryCount?: number;
}

/** @public */
export interface ArgoRevisionHistory {
  id: number;
  revision?: string;
  revisions?: string[];
  deployedAt: string;
  deployStartedAt?: string;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
  initiatedBy?: { username?: string; automated?: boolean };
}

/** @public */
export interface ArgoApplicationStatus {
  sync: {
    status: ArgoSyncStatusCode;
    revision?: string;
    revisions?: string[];
    comparedTo?: {
      source?: ArgoApplicationSource;
      sources?: ArgoApplicationSource[];
      destination: ArgoApplicationDestination;
    };
  };
  health: {
    status?: ArgoHealthStatusCode;
    message?: string;
    lastTransitionTime?: string;
  };
  operationState?: ArgoOperationState;
  history?: ArgoRevisionHistory[];
  resources?: ArgoResourceStatus[];
  conditions?: Array<{
    type: string;
    message: string;
    lastTransitionTime?: string;
  }>;
  reconciledAt?: string;
  sourceType?: 'Helm' | 'Kustomize' | 'Directory' | 'Plugin';
  sourceTypes?: Array<'Helm' | 'Kustomize' | 'Directory' | 'Plugin'>;
  summary?: { images?: string[]; externalURLs?: string[] };
  resourceHealthSource?: 'appTree';
  controllerNamespace?: string;
}

/**
 * An Application as the REST API returns it: no `apiVersion` or `kind` on list items.
 *
 * @public
 */
export interface ArgoApplication {
  metadata: ArgoObjectMeta;
  spec: ArgoApplicationSpec;
  status?: ArgoApplicationStatus;
  operation?: ArgoOperationState['operation'];
}

/** `GET /api/v1/applications` @public */
export interface ArgoApplicationList {
  metadata: { resourceVersion?: string };
  /** `null` when `fields` projects an empty list. */
  items: ArgoApplication[] | null;
}

/** @public */
export type ArgoWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One line of `GET /api/v1/stream/applications` (newline-delimited JSON).
 *
 * @public
 */
export type ArgoApplicationWatchChunk =
  | { result: { type: ArgoWatchEventType; application: ArgoApplication } }
  | { error: ArgoRuntimeError };

/**
 * grpc-gateway's error body.
 *
 * @public
 */
export interface ArgoRuntimeError {
  error: string;
  code: number;
  message: string;
  details?: unknown[];
}

/** @public */
export interface ArgoResourceRef {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

/** A node of the resource tree; the resource reference is inlined. @public */
export interface ArgoResourceNode extends ArgoResourceRef {
  parentRefs?: ArgoResourceRef[];
  info?: Array<{ name?: string; value?: string }>;
  resourceVersion?: string;
  images?: string[];
  health?: { status?: ArgoHealthStatusCode; message?: string };
  createdAt?: string;
}

/** `GET /api/v1/applications/{name}/resource-tree` @public */
export interface ArgoApplicationTree {
  nodes?: ArgoResourceNode[];
  orphanedNodes?: ArgoResourceNode[];
}

/** `GET /api/v1/applications/{name}/resource`: the manifest is a JSON-encoded string. @public */
export interface ArgoResourceResponse {
  manifest: string;
}

/**
 * One item of `GET /api/v1/applications/{name}/managed-resources`. The states are
 * JSON-encoded strings, `"null"` when absent.
 *
 * @public
 */
export interface ArgoResourceDiff {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  targetState?: string;
  liveState?: string;
  normalizedLiveState?: string;
  predictedLiveState?: string;
  hook?: boolean;
  resourceVersion?: string;
  modified?: boolean;
}

/** @public */
export interface ArgoManagedResourcesResponse {
  items?: ArgoResourceDiff[];
}

/** @public */
export interface ArgoSyncWindow {
  kind?: 'allow' | 'deny';
  schedule?: string;
  duration?: string;
  manualSync?: boolean;
}

/** `GET /api/v1/applications/{name}/syncwindows` @public */
export interface ArgoSyncWindowsResponse {
  activeWindows?: ArgoSyncWindow[];
  assignedWindows?: ArgoSyncWindow[];
  canSync?: boolean;
}

/** A sync window as an AppProject declares it (`spec.syncWindows[]`). @public */
export interface ArgoAppProjectSyncWindow extends ArgoSyncWindow {
  applications?: string[];
  namespaces?: string[];
  clusters?: string[];
  timeZone?: string;
  andOperator?: boolean;
  description?: string;
}

/** An AppProject, with the fields sync windows need. @public */
export interface ArgoAppProject {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec: {
    sourceRepos?: string[];
    destinations?: Array<{
      name?: string;
      server?: string;
      namespace?: string;
    }>;
    syncWindows?: ArgoAppProjectSyncWindow[];
  };
}

/** `GET /api/v1/projects` @public */
export interface ArgoAppProjectList {
  metadata?: { resourceVersion?: string };
  items: ArgoAppProject[];
}

/** `GET /api/v1/projects/{name}/syncwindows`: the project's windows active now. @public */
export interface ArgoProjectSyncWindowsResponse {
  windows?: ArgoAppProjectSyncWindow[];
}

/** `POST /api/v1/applications/{name}/sync` @public */
export interface ArgoSyncRequest {
  name: string;
  revision?: string;
  dryRun?: boolean;
  prune?: boolean;
  appNamespace?: string;
  project?: string;
}

/** `POST /api/v1/session` @public */
export interface ArgoSessionRequest {
  username?: string;
  password?: string;
  token?: string;
}

/** @public */
export interface ArgoSessionResponse {
  token: string;
}

/**
 * `GET /api/v1/applications/{name}/revisions/{revision}/metadata`: the git commit behind a
 * revision (what the existing Argo CD plugins show in their history).
 *
 * @public
 */
export interface ArgoRevisionMetadata {
  /** `Name <email>` of the commit's author. */
  author?: string;
  date?: string;
  tags?: string[];
  message?: string;
  signatureInfo?: string;
}
