import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { callerKey } from './callerKey';
import { ShortLivedCache } from './ShortLivedCache';

/** How long a catalog read is reused, in milliseconds. */
export const ENTITY_READ_TTL_MS = 5_000;
/** How many reads are kept at most (oldest dropped first). */
export const ENTITY_READ_MAX_ENTRIES = 2_000;

/** Reads one entity from the catalog with the caller's credentials. */
export type EntityRead = (
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
) => Promise<Entity | undefined>;

/**
 * Shares catalog reads of one entity by one caller: requests that ask at the same time wait
 * for one read, and its answer (the entity, or that there is none) is reused for a few
 * seconds. A catalog read costs a freshly signed token, an HTTP round trip and the catalog's
 * own token check and query; an entity page asks for the same entity in parallel requests.
 *
 * Reads are keyed by the caller's principal (user and actor, or service and its access
 * restrictions), never shared between callers, because the catalog answers each caller with
 * what it may see. Failed reads are not kept. Callers must not modify the entities returned:
 * they are shared.
 *
 * @public
 */
export class EntityReadCache {
  private readonly read: EntityRead;
  private readonly reads: ShortLivedCache<Entity | undefined>;

  constructor(options: {
    read: EntityRead;
    ttlMs?: number;
    maxEntries?: number;
    now?: () => number;
  }) {
    this.read = options.read;
    this.reads = new ShortLivedCache({
      ttlMs: options.ttlMs ?? ENTITY_READ_TTL_MS,
      maxEntries: options.maxEntries ?? ENTITY_READ_MAX_ENTRIES,
      now: options.now,
    });
  }

  /** The entity as the caller sees it, or undefined when the catalog has none for it. */
  get(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const caller = callerKey(credentials);
    if (caller === undefined) return this.read(ref, credentials);
    // Entity references are case-insensitive in the catalog.
    const key = `${caller}\n${stringifyEntityRef(ref).toLocaleLowerCase(
      'en-US',
    )}`;
    return this.reads.get(key, () => this.read(ref, credentials));
  }
}
