import type { IndexedApplication } from './IndexedApplication';
import {
  compareResourceVersions,
  maxNumericResourceVersion,
} from './resourceVersions';

/**
 * A change of one application in the index.
 *
 * @public
 */
export interface ApplicationChange {
  instance: string;
  key: string;
  previous: IndexedApplication | null;
  current: IndexedApplication | null;
}

interface Entry {
  app: IndexedApplication;
  /** When this version was received (event) or listed (snapshot start). */
  seenAt: number;
}

interface Tombstone {
  resourceVersion: string | null;
  at: number;
}

/** Tombstones kept at most, oldest dropped first. */
const MAX_TOMBSTONES = 10_000;

/**
 * The applications of one Argo CD instance, merged from full lists and watch events so that
 * neither loses the other's news:
 *
 * - an event replaces an application unless the index already holds a newer resourceVersion;
 *   a deletion leaves a tombstone, so that a list taken before it cannot bring it back;
 * - a list (a snapshot started at `listedAt`) replaces the set atomically: applications it
 *   lacks are removed, unless they changed after the list started; applications it holds
 *   replace older ones, but not newer ones received meanwhile on the watch stream;
 * - a list also leaves a watermark, the newest resourceVersion it covered: an ADDED or MODIFIED
 *   event of an application the index does not hold, at or below it, is a replay of an
 *   application that list found gone (deleted while no DELETED event reached us), and is
 *   ignored; tombstones alone would not catch it.
 *
 * Newer means a larger resourceVersion when both are numeric, otherwise received later.
 * Secondary indexes by service and by name keep status lookups independent of the size.
 *
 * @public
 */
export class InstanceApplications {
  readonly instance: string;
  private readonly apps = new Map<string, Entry>();
  private readonly tombstones = new Map<string, Tombstone>();
  /** Keys by service and by name: most names (and some services) have one application. */
  private readonly byService = new Map<string, KeySet>();
  private readonly byName = new Map<string, KeySet>();
  /** The newest numeric resourceVersion a merged full list covered. */
  private listedVersion: string | null = null;

  constructor(instance: string) {
    this.instance = instance;
  }

  get size(): number {
    return this.apps.size;
  }

  get(key: string): IndexedApplication | undefined {
    return this.apps.get(key)?.app;
  }

  values(): IndexedApplication[] {
    return Array.from(this.apps.values(), entry => entry.app);
  }

  withService(service: string): IndexedApplication[] {
    return this.lookup(this.byService.get(service));
  }

  withName(name: string): IndexedApplication[] {
    return this.lookup(this.byName.get(name));
  }

  /** Applies one watch event; returns the change, or null when it changed nothing. */
  applyEvent(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    app: IndexedApplication,
    now: number = Date.now(),
  ): ApplicationChange | null {
    const existing = this.apps.get(app.key);
    if (type === 'DELETED') {
      if (
        existing &&
        compareResourceVersions(
          existing.app.resourceVersion,
          app.resourceVersion,
        ) === 1
      ) {
        return null; // re-created since: the deletion is old news
      }
      this.setTombstone(app.key, {
        resourceVersion: app.resourceVersion,
        at: now,
      });
      if (!existing) return null;
      this.remove(app.key);
      return this.change(app.key, existing.app, null);
    }
    if (existing) {
      const order = compareResourceVersions(
        existing.app.resourceVersion,
        app.resourceVersion,
      );
      if (order !== null && order >= 0) return null;
    } else if (coveredByList(app.resourceVersion, this.listedVersion)) {
      return null; // a list at or after this version found it gone: a replay
    }
    const tombstone = this.tombstones.get(app.key);
    if (
      tombstone &&
      compareResourceVersions(
        tombstone.resourceVersion,
        app.resourceVersion,
      ) === 1
    ) {
      return null;
    }
    this.tombstones.delete(app.key);
    this.put({ app, seenAt: now });
    return this.change(app.key, existing?.app ?? null, app);
  }

  /**
   * Merges a full list taken from `listedAt` on; returns what changed. `resourceVersion` is the
   * list's own (`metadata.resourceVersion`); the list covers at least it and its items' ones.
   */
  applySnapshot(
    items: IndexedApplication[],
    listedAt: number,
    resourceVersion: string | null = null,
  ): ApplicationChange[] {
    const changes: ApplicationChange[] = [];
    let covered = maxNumericResourceVersion(null, resourceVersion);
    for (const app of items) {
      covered = maxNumericResourceVersion(covered, app.resourceVersion);
    }
    const listed = new Set<string>();
    for (const app of items) {
      listed.add(app.key);
      const tombstone = this.tombstones.get(app.key);
      if (tombstone) {
        const order = compareResourceVersions(
          tombstone.resourceVersion,
          app.resourceVersion,
        );
        const deletedAfter =
          order === null ? tombstone.at > listedAt : order >= 0;
        if (deletedAfter) continue;
        this.tombstones.delete(app.key);
      }
      const existing = this.apps.get(app.key);
      if (existing) {
        const order = compareResourceVersions(
          existing.app.resourceVersion,
          app.resourceVersion,
        );
        const keepExisting =
          order === null ? existing.seenAt > listedAt : order >= 0;
        if (keepExisting) continue;
      }
      this.put({ app, seenAt: listedAt });
      changes.push(this.change(app.key, existing?.app ?? null, app));
    }
    for (const [key, entry] of Array.from(this.apps)) {
      if (listed.has(key)) continue;
      // Lacking from the list: gone, unless it arrived after the list started with a version
      // the list does not cover (a replayed old event is covered: it goes too).
      const gone =
        entry.seenAt <= listedAt ||
        coveredByList(entry.app.resourceVersion, covered);
      if (!gone) continue;
      this.remove(key);
      changes.push(this.change(key, entry.app, null));
    }
    for (const [key, tombstone] of Array.from(this.tombstones)) {
      if (tombstone.at <= listedAt) this.tombstones.delete(key);
    }
    this.listedVersion = maxNumericResourceVersion(this.listedVersion, covered);
    return changes;
  }

  private change(
    key: string,
    previous: IndexedApplication | null,
    current: IndexedApplication | null,
  ): ApplicationChange {
    return { instance: this.instance, key, previous, current };
  }

  private put(entry: Entry): void {
    const previous = this.apps.get(entry.app.key);
    if (previous) this.unindex(previous.app);
    this.apps.set(entry.app.key, entry);
    const service = entry.app.classification.service;
    if (service) addTo(this.byService, service, entry.app.key);
    addTo(this.byName, entry.app.name, entry.app.key);
  }

  private remove(key: string): void {
    const entry = this.apps.get(key);
    if (!entry) return;
    this.unindex(entry.app);
    this.apps.delete(key);
  }

  private unindex(app: IndexedApplication): void {
    const service = app.classification.service;
    if (service) removeFrom(this.byService, service, app.key);
    removeFrom(this.byName, app.name, app.key);
  }

  private setTombstone(key: string, tombstone: Tombstone): void {
    this.tombstones.delete(key);
    this.tombstones.set(key, tombstone);
    if (this.tombstones.size > MAX_TOMBSTONES) {
      const oldest = this.tombstones.keys().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
  }

  private lookup(keys: KeySet | undefined): IndexedApplication[] {
    if (keys === undefined) return [];
    const result: IndexedApplication[] = [];
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      const entry = this.apps.get(key);
      if (entry) result.push(entry.app);
    }
    return result;
  }
}

/** True when a list that covered `listed` saw the version `resourceVersion` or a later one. */
function coveredByList(
  resourceVersion: string | null,
  listed: string | null,
): boolean {
  const order = compareResourceVersions(resourceVersion, listed);
  return order !== null && order <= 0;
}

/**
 * The keys under one secondary-index entry: the key itself while there is one (a Set per
 * application would cost more than the application's own fields), a Set from the second on.
 */
type KeySet = string | Set<string>;

function addTo(map: Map<string, KeySet>, key: string, value: string) {
  const held = map.get(key);
  if (held === undefined) {
    map.set(key, value);
  } else if (typeof held === 'string') {
    if (held !== value) map.set(key, new Set([held, value]));
  } else {
    held.add(value);
  }
}

function removeFrom(map: Map<string, KeySet>, key: string, value: string) {
  const held = map.get(key);
  if (held === undefined) return;
  if (typeof held === 'string') {
    if (held === value) map.delete(key);
    return;
  }
  held.delete(value);
  if (held.size === 0) map.delete(key);
}
