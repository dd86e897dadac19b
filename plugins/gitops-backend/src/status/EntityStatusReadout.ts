import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { EntityGitOpsStatus } from '@gitops-portal/plugin-gitops-common';
import type { EntityChangeRecordsSource } from '../service/types';
import type { EntityStatusService } from './EntityStatusService';

/**
 * What a status response carries beyond the status itself.
 *
 * @public
 */
export interface StatusReadoutOptions {
  /** Add the entity's change records (`?include=changes`). */
  includeChanges?: boolean;
  /** Wait for details never read yet, at most this long (`?wait=details`). */
  waitForDetailsMs?: number;
}

/**
 * The body of the status route and of each status event: the entity's status, with its change
 * records when asked for, read side by side, so that a page needs one request per view.
 *
 * @public
 */
export class EntityStatusReadout {
  constructor(
    private readonly status: EntityStatusService,
    private readonly changeRecords?: EntityChangeRecordsSource,
  ) {}

  /** Throws an InputError when changes are asked for and this backend has no records. */
  check(options: StatusReadoutOptions): void {
    if (options.includeChanges && !this.changeRecords) {
      throw new InputError(
        'include=changes is not available: this backend serves no change records',
      );
    }
  }

  async read(
    entity: Entity,
    options: StatusReadoutOptions = {},
  ): Promise<EntityGitOpsStatus> {
    this.check(options);
    const [status, changes] = await Promise.all([
      this.status.getEntityStatus(entity, {
        waitForDetailsMs: options.waitForDetailsMs,
      }),
      options.includeChanges
        ? this.changeRecords!.listForEntity(stringifyEntityRef(entity))
        : undefined,
    ]);
    return changes ? { ...status, changes } : status;
  }

  /** Calls `listener` when a record of this entity changed here (nothing without records). */
  subscribeChanges(entity: Entity, listener: () => void): () => void {
    if (!this.changeRecords) return () => {};
    const ref = stringifyEntityRef(entity);
    return this.changeRecords.subscribe(record => {
      if (record.entityRef === ref) listener();
    });
  }
}
