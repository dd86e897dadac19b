import type { ChangeRecord } from '@gitops-portal/plugin-gitops-common';
import type { EntityChangeRecordsSource } from '../service/types';
import { ShortLivedCache } from '../service/ShortLivedCache';
import type { ChangeRecordStore } from './ChangeRecordStore';

/**
 * How long an entity's records are reused, in milliseconds: what another replica writes shows
 * here within this time (what this replica writes shows at once).
 */
export const ENTITY_RECORDS_TTL_MS = 2_000;
/** How many entities' records are kept at most. */
export const ENTITY_RECORDS_MAX_ENTRIES = 5_000;

/**
 * The entity's change records for its status (`?include=changes`), reused for a moment so
 * that a status read (a page, each of its events, every poller of a busy entity) costs no
 * database query most of the time. A record this replica creates or updates drops its
 * entity's entry at once, before the event streams hear of it.
 *
 * @public
 */
export class CachedEntityChangeRecords implements EntityChangeRecordsSource {
  private readonly store: ChangeRecordStore;
  private readonly records: ShortLivedCache<ChangeRecord[]>;

  constructor(options: {
    store: ChangeRecordStore;
    ttlMs?: number;
    now?: () => number;
  }) {
    this.store = options.store;
    this.records = new ShortLivedCache({
      ttlMs: options.ttlMs ?? ENTITY_RECORDS_TTL_MS,
      maxEntries: ENTITY_RECORDS_MAX_ENTRIES,
      now: options.now,
    });
    // Subscribed first, so the entry is gone when the other listeners re-read.
    this.store.subscribe(record => {
      if (record.entityRef) this.records.delete(record.entityRef);
    });
  }

  listForEntity(entityRef: string): Promise<ChangeRecord[]> {
    return this.records.get(entityRef, () =>
      this.store.listForEntity(entityRef),
    );
  }

  subscribe(
    listener: (record: { entityRef: string | null }) => void,
  ): () => void {
    return this.store.subscribe(listener);
  }
}
