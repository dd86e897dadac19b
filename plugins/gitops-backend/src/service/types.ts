import type { Entity } from '@backstage/catalog-model';
import type {
  ChangeRecord,
  DesiredState,
  EntityGitOpsStatus,
} from '@gitops-portal/plugin-gitops-common';

/**
 * Reads the pin of a service in an environment from the GitOps repository's branch.
 *
 * @public
 */
export interface DesiredStateSource {
  getDesiredState(
    service: string,
    environment: string,
  ): Promise<DesiredState | null>;
}

/**
 * Answers an entity's status on every cluster (the read side, used by the promotion gates).
 *
 * @public
 */
export interface EntityStatusReader {
  /**
   * @param options - `fresh`: refetch per-target details (sync windows, rollouts) instead of
   *   using the short cache; the gates of a promotion ask for it.
   */
  getEntityStatus(
    entity: Entity,
    options?: { fresh?: boolean },
  ): Promise<EntityGitOpsStatus>;

  /**
   * Which service folder the entity is (the one rule both sides use): its `gitops/service`
   * annotation, else the service folder its Argo CD applications agree on; null when neither
   * names one. `EntityGitOpsStatus.service` is this value.
   */
  serviceOf(entity: Entity): string | null;
}

/**
 * The entity's change records as its status carries them (`?include=changes`), and word of
 * the records this replica creates or updates, for the event stream.
 *
 * @public
 */
export interface EntityChangeRecordsSource {
  /** The API view of the entity's records, newest first. */
  listForEntity(entityRef: string): Promise<ChangeRecord[]>;
  /** Calls `listener` after a record was created or updated here; returns the unsubscribe. */
  subscribe(
    listener: (record: { entityRef: string | null }) => void,
  ): () => void;
}
