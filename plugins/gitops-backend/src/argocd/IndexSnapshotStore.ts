import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { IndexedApplication } from './IndexedApplication';

/**
 * A full list of one instance, as published for the other replicas.
 *
 * @public
 */
export interface IndexSnapshot {
  /** When the list started, in milliseconds since the epoch. */
  listedAt: number;
  resourceVersion: string | null;
  items: IndexedApplication[];
}

/**
 * Shares full lists between replicas through Backstage's cache service (Redis or Valkey when
 * several replicas run), so that the periodic re-list runs on one replica only and every
 * replica still converges on it. A cache that refuses the value (too large for memcache, say)
 * only costs the sharing: each replica still has its own watch streams.
 *
 * @public
 */
export class IndexSnapshotStore {
  private readonly cache: CacheService;
  private readonly logger: LoggerService;
  private readonly ttlMs: number;

  constructor(options: {
    cache: CacheService;
    logger: LoggerService;
    /** How long a snapshot stays available; a few re-list intervals. */
    ttlMs: number;
  }) {
    this.cache = options.cache;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs;
  }

  async publish(instance: string, snapshot: IndexSnapshot): Promise<void> {
    try {
      await this.cache.set(key(instance), snapshot as unknown as JsonValue, {
        ttl: this.ttlMs,
      });
    } catch (e) {
      this.logger.debug(
        `Could not share the application list of ${instance}: ${String(
          (e as Error)?.name ?? e,
        )}`,
      );
    }
  }

  async read(instance: string): Promise<IndexSnapshot | undefined> {
    try {
      const value = await this.cache.get<JsonValue>(key(instance));
      if (
        value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        typeof value.listedAt === 'number' &&
        Array.isArray(value.items)
      ) {
        return value as unknown as IndexSnapshot;
      }
    } catch (e) {
      this.logger.debug(
        `Could not read the shared application list of ${instance}: ${String(
          (e as Error)?.name ?? e,
        )}`,
      );
    }
    return undefined;
  }
}

function key(instance: string): string {
  return `argocd-index/v1/${encodeURIComponent(instance)}`;
}
