/** One value being read or read, and until when it is reused. */
interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/**
 * Shares the read of a value by key: readers that ask at the same time wait for one read, and
 * its result is reused for `ttlMs`. Failed reads are not kept. At most `maxEntries` are held;
 * the oldest go first. Values are shared: callers must not modify them.
 *
 * @public
 */
export class ShortLivedCache<T> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** In insertion order, which is expiry order since every entry lives `ttlMs`. */
  private readonly entries = new Map<string, Entry<T>>();

  constructor(options: {
    ttlMs: number;
    maxEntries: number;
    now?: () => number;
  }) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.now = options.now ?? Date.now;
  }

  /** The value of `key`: the one read less than `ttlMs` ago, or the one `read` gives now. */
  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (cached) this.entries.delete(key);
    this.evict(now);
    const entry: Entry<T> = { value: read(), expiresAt: now + this.ttlMs };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** Forgets the value of `key`: the next `get` reads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops expired entries, then the oldest while the cache is full. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
