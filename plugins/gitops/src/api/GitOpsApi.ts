import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangePlan,
  ChangeRecord,
  ChangeRecordList,
  ChangeState,
  DriftResponse,
  EntityGitOpsStatus,
  GitOpsPublicConfig,
  PinHistoryResponse,
  PromotionRequest,
  RollbackRequest,
} from '@gitops-portal/plugin-gitops-common';

/**
 * How a status subscription currently receives updates.
 *
 * - `connecting`: the first status is being loaded.
 * - `live`: the backend's server-sent events stream is open.
 * - `polling`: events are unavailable; the status is polled with conditional requests.
 *
 * @public
 */
export type StatusUpdateMode = 'connecting' | 'live' | 'polling';

/**
 * Callbacks of {@link GitOpsApi.subscribeStatus}.
 *
 * @public
 */
export interface StatusSubscriber {
  /** Called with every new status; never called twice in a row with an unchanged status. */
  onStatus(status: EntityGitOpsStatus): void;
  /**
   * Called when the status cannot be loaded (the subscription keeps trying), and with
   * `undefined` once it loads again.
   */
  onError?(error: Error | undefined): void;
  /** Called when the way updates arrive changes. */
  onModeChange?(mode: StatusUpdateMode): void;
}

/**
 * Options of {@link GitOpsApi.subscribeStatus}.
 *
 * @public
 */
export interface StatusSubscriptionOptions {
  /**
   * Carry the entity's change records in each status (`status.changes`), so that a page needs
   * no second request for them; they follow the same events.
   */
  includeChanges?: boolean;
}

/**
 * Which application a drift request is about.
 *
 * @public
 */
export interface DriftQuery {
  environment?: string | null;
  instance: string;
  application: string;
  /** Namespace of the Argo CD Application, when it is not the instance's default. */
  namespace?: string;
}

/**
 * The GitOps backend's API, as the frontend uses it.
 *
 * @public
 */
export interface GitOpsApi {
  /** Environments (in promotion order) and the GitOps repository. */
  getConfig(): Promise<GitOpsPublicConfig>;

  /** The entity's status on every cluster, loaded once. */
  getStatus(entityRef: string): Promise<EntityGitOpsStatus>;

  /**
   * Follows the entity's status: the backend's server-sent events, or conditional polling when
   * those are unavailable. Returns the function that ends the subscription.
   */
  subscribeStatus(
    entityRef: string,
    subscriber: StatusSubscriber,
    options?: StatusSubscriptionOptions,
  ): () => void;

  /** Out-of-sync resources of one application, with desired and live manifests. */
  getDrift(entityRef: string, query: DriftQuery): Promise<DriftResponse>;

  /** Pin history of one environment, newest first. */
  getPinHistory(
    entityRef: string,
    options: { environment: string; cursor?: string },
  ): Promise<PinHistoryResponse>;

  /** Promotion and rollback records of the entity, optionally in one state. */
  listChanges(
    entityRef: string,
    options?: { state?: ChangeState },
  ): Promise<ChangeRecordList>;

  /**
   * Plans a promotion without writing anything: the gates, the digest and the files.
   * Throws {@link GateFailedError} when the backend refuses the plan with failed gates.
   */
  planPromotion(request: Omit<PromotionRequest, 'dryRun'>): Promise<ChangePlan>;

  /** Opens the promotion pull request. Throws {@link GateFailedError} when a gate fails. */
  promote(request: Omit<PromotionRequest, 'dryRun'>): Promise<ChangeRecord>;

  /** Plans a rollback without writing anything. */
  planRollback(request: Omit<RollbackRequest, 'dryRun'>): Promise<ChangePlan>;

  /** Opens the rollback pull request. Throws {@link GateFailedError} when a gate fails. */
  rollback(request: Omit<RollbackRequest, 'dryRun'>): Promise<ChangeRecord>;
}

/**
 * Reference of the {@link GitOpsApi}.
 *
 * @public
 */
export const gitOpsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
