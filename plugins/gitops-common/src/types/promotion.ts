/**
 * Request and response types of the promotion, rollback, history and record routes.
 */

/**
 * Lifecycle of a promotion or rollback record.
 * `open → merged → deployed`, or `closed` (the pull request was closed unmerged) or `failed`.
 *
 * @public
 */
export type ChangeState = 'open' | 'merged' | 'deployed' | 'closed' | 'failed';

/**
 * What a record stands for. An `onboarding` record's `to` lists its environments, comma
 * separated, and its `digest` is empty when none was given.
 *
 * @public
 */
export type ChangeType = 'promotion' | 'rollback' | 'pin' | 'onboarding';

/**
 * One gate of a promotion, with its result.
 *
 * @public
 */
export interface GateResult {
  name: string;
  passed: boolean;
  message: string;
}

/**
 * The pull (or merge) request that carries a change.
 *
 * @public
 */
export interface PullRequestRef {
  number: number;
  url: string;
  branch: string;
}

/**
 * A promotion, rollback or pin, as recorded by the backend.
 *
 * @public
 */
export interface ChangeRecord {
  id: string;
  type: ChangeType;
  entityRef: string | null;
  service: string;
  /** Source environment of a promotion; null for a rollback or a pin. */
  from: string | null;
  /** Environment the change is written to. */
  to: string;
  digest: string;
  previousDigest: string | null;
  state: ChangeState;
  pullRequest: PullRequestRef | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  deployedAt: string | null;
  gates: GateResult[];
  /** Why the record failed, when it did. */
  message: string | null;
  /** The commit on the pull request's branch, once written. */
  commit?: string | null;
  /** The merge commit on the base branch, once merged. */
  mergeCommit?: string | null;
}

/**
 * Body of `POST /v1/promotions`.
 *
 * @public
 */
export interface PromotionRequest {
  entityRef: string;
  to: string;
  from?: string;
  /** Plan and evaluate the gates only: nothing is written. */
  dryRun?: boolean;
}

/**
 * Body of `POST /v1/rollbacks`.
 *
 * @public
 */
export interface RollbackRequest {
  entityRef: string;
  environment: string;
  /** Digest to go back to; defaults to the previous distinct digest of the pin. */
  digest?: string;
  dryRun?: boolean;
}

/**
 * Body of `POST /v1/pins`: pin a digest in one environment (what CI does after a build).
 *
 * @public
 */
export interface PinRequest {
  service: string;
  environment: string;
  digest: string;
  /** Image repository; required when the folder does not name one yet. */
  image?: string;
  dryRun?: boolean;
}

/**
 * Body of `POST /v1/onboardings`: create a service's folders for every environment.
 *
 * @public
 */
export interface OnboardingRequest {
  service: string;
  image: string;
  environments?: string[];
  digest?: string;
  format?: 'helm' | 'kustomize';
  dryRun?: boolean;
}

/**
 * A file change a request would make, returned by dry runs.
 *
 * @public
 */
export interface PlannedFileChange {
  path: string;
  action: 'create' | 'update';
  content: string;
}

/**
 * Response of a dry run: what would be written, and the gates.
 *
 * @public
 */
export interface ChangePlan {
  type: ChangeType;
  branch: string;
  title: string;
  files: PlannedFileChange[];
  gates: GateResult[];
  digest: string | null;
  previousDigest: string | null;
}

/**
 * One change of an environment's pin in the GitOps repository's history.
 *
 * @public
 */
export interface PinHistoryItem {
  environment: string;
  digest: string;
  commit: string;
  author: string;
  committedAt: string;
  message: string;
  pullRequest: { number: number; url: string } | null;
}

/**
 * Response of the history route, newest first.
 *
 * @public
 */
export interface PinHistoryResponse {
  items: PinHistoryItem[];
  /** Cursor of the next page, when there is one. */
  nextCursor: string | null;
}

/**
 * Response of `GET /v1/promotions`.
 *
 * @public
 */
export interface ChangeRecordList {
  items: ChangeRecord[];
}

/**
 * Response of `GET /v1/config`: what the frontend needs to know of the configuration.
 *
 * @public
 */
export interface GitOpsPublicConfig {
  environments: Array<{ name: string; autoMerge: boolean; approvals: number }>;
  repository: { url: string; branch: string };
}
