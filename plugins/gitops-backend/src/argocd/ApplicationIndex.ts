import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { GitOpsError } from '@gitops-portal/plugin-gitops-common';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import {
  type ApplicationLocator,
  ArgoCdClient,
  type ArgoCdRequestListener,
} from './ArgoCdClient';
import { toGitOpsError } from './ArgoCdError';
import {
  type ApplicationClassifier,
  createApplicationClassifier,
} from './classifyApplication';
import {
  type IndexedApplication,
  toIndexedApplication,
} from './IndexedApplication';
import { IndexSnapshotStore } from './IndexSnapshotStore';
import {
  type ApplicationChange,
  InstanceApplications,
} from './InstanceApplications';
import { type BackoffOptions, InstanceWatcher } from './InstanceWatcher';
import type { LabelSelector } from './labelSelector';
import { maxResourceVersion } from './resourceVersions';
import type { ValidatedApplication } from './schemas';
import { StringPool } from './StringPool';

/**
 * What the index tells its listeners: an application changed, or an instance's health did.
 *
 * @public
 */
export type IndexEvent =
  | { type: 'application'; change: ApplicationChange }
  | { type: 'instance'; instance: string };

/**
 * How far the index can be trusted for one instance.
 *
 * @public
 */
export interface InstanceIndexState {
  name: string;
  /** Listed successfully at least once. */
  ready: boolean;
  /** Why the instance is failing now; its applications may then be stale. */
  error: GitOpsError | null;
  applications: number;
}

interface InstanceSlot {
  client: ArgoCdClient;
  store: InstanceApplications;
  watcher: InstanceWatcher;
  ready: boolean;
  /** What the status shows: the stream's failure, else the periodic list's. */
  error: GitOpsError | null;
  /** Why the watcher (stream and its catch-up lists) is failing. */
  streamError: GitOpsError | null;
  /** Why the last periodic full list failed, until a list succeeds. */
  listError: GitOpsError | null;
  resourceVersion: string | null;
  /** `listedAt` of the newest snapshot merged, own or shared. */
  lastSnapshotAt: number;
  appNamespaces: string[];
  /** The instance's call timeout: the longest a status request waits for its first list. */
  timeoutMs: number;
}

/**
 * The index of every configured Argo CD instance's applications, from which entity status is
 * answered without calling Argo CD.
 *
 * Each instance is listed in full at start, then kept current by its watch stream
 * (`GET /api/v1/stream/applications`), resumed after failures with backoff and a catch-up list
 * (see {@link InstanceWatcher}); lists and events are merged by resourceVersion (see
 * {@link InstanceApplications}). Listeners hear of every change.
 *
 * Several replicas: each replica keeps its own in-memory index, fed by its own watch streams,
 * so every replica sees a change within the stream's latency and no shared store sits in the
 * read path. The periodic full re-list is a global scheduler task, so it runs on one replica
 * per interval: that replica publishes each list through the cache service (Redis when
 * replicas share one), and every replica merges the newest published list on a local task.
 * Argo CD is thus listed once per interval for the whole deployment, plus once per replica at
 * start and after a lost stream; the merge rules make applying an older list harmless.
 *
 * @public
 */
export class ApplicationIndex {
  private readonly slots = new Map<string, InstanceSlot>();
  private readonly listeners = new Set<(event: IndexEvent) => void>();
  private readonly logger: LoggerService;
  private readonly snapshots?: IndexSnapshotStore;
  private readonly classify: ApplicationClassifier;
  /** Strings that many applications repeat, held once for all instances. */
  private readonly strings = new StringPool();
  private started = false;

  static fromConfig(
    config: GitOpsConfig,
    options: {
      logger: LoggerService;
      cache?: CacheService;
      onRequest?: ArgoCdRequestListener;
      backoff?: BackoffOptions;
      /** Longest silence of a watch stream before it is reconnected, in ms (default 120 s). */
      idleTimeoutMs?: number;
    },
  ): ApplicationIndex {
    return new ApplicationIndex({
      config,
      logger: options.logger,
      cache: options.cache,
      clients: config.argocd.instances.map(instance =>
        ArgoCdClient.fromConfig(instance, { onRequest: options.onRequest }),
      ),
      backoff: options.backoff,
      idleTimeoutMs: options.idleTimeoutMs,
    });
  }

  constructor(options: {
    config: GitOpsConfig;
    logger: LoggerService;
    clients: ArgoCdClient[];
    cache?: CacheService;
    backoff?: BackoffOptions;
    idleTimeoutMs?: number;
  }) {
    const { config } = options;
    this.logger = options.logger;
    this.classify = createApplicationClassifier({
      repositoryUrl: config.repository.url,
      layout: config.repository.layout,
    });
    if (options.cache) {
      this.snapshots = new IndexSnapshotStore({
        cache: options.cache,
        logger: options.logger,
        ttlMs: config.argocd.fullListIntervalSeconds * 3 * 1000,
      });
    }
    for (const client of options.clients) {
      const instanceConfig = config.argocd.instances.find(
        i => i.name === client.name,
      );
      const slot: InstanceSlot = {
        client,
        store: new InstanceApplications(client.name),
        watcher: undefined as unknown as InstanceWatcher,
        ready: false,
        error: null,
        streamError: null,
        listError: null,
        resourceVersion: null,
        lastSnapshotAt: 0,
        appNamespaces: instanceConfig?.appNamespaces ?? [],
        timeoutMs: instanceConfig?.timeout ?? 5000,
      };
      slot.watcher = new InstanceWatcher({
        client,
        logger: options.logger,
        backoff: options.backoff,
        idleTimeoutMs: options.idleTimeoutMs,
        sink: {
          relist: signal => this.relistSlot(slot, signal).then(() => {}),
          onEvent: event =>
            this.applyEvent(slot, event.type, event.application),
          onHealth: error => this.setHealth(slot, 'streamError', error),
          resourceVersion: () => slot.resourceVersion,
        },
      });
      this.slots.set(client.name, slot);
    }
  }

  /** Starts every instance's watcher; returns at once (instances may be unreachable). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const slot of this.slots.values()) {
      slot.watcher.start();
    }
  }

  /** Stops every watch stream and waits for the loops to end. */
  async stop(): Promise<void> {
    await Promise.all(Array.from(this.slots.values(), s => s.watcher.stop()));
  }

  /**
   * Waits until every instance (or the named ones) had its first read, successful or not, but
   * no longer than each instance's call timeout: a slow first list (it may take longer) does
   * not hold status requests back.
   */
  async settled(instances?: string[]): Promise<void> {
    const names = instances ?? Array.from(this.slots.keys());
    await Promise.all(
      names.map(async name => {
        const slot = this.slots.get(name);
        if (!slot || slot.ready || slot.error) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          slot.watcher.firstAttempt,
          new Promise<void>(resolve => {
            timer = setTimeout(resolve, slot.timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }),
    );
  }

  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (event: IndexEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  instanceNames(): string[] {
    return Array.from(this.slots.keys());
  }

  hasInstance(name: string): boolean {
    return this.slots.has(name);
  }

  /** The client of one instance, for per-application details. */
  client(instance: string): ArgoCdClient | undefined {
    return this.slots.get(instance)?.client;
  }

  instanceState(name: string): InstanceIndexState | undefined {
    const slot = this.slots.get(name);
    if (!slot) return undefined;
    return {
      name,
      ready: slot.ready,
      error: slot.error,
      applications: slot.store.size,
    };
  }

  get(instance: string, key: string): IndexedApplication | undefined {
    return this.slots.get(instance)?.store.get(key);
  }

  /** Applications classified under a service folder. */
  withService(service: string, instances: string[]): IndexedApplication[] {
    return this.collect(instances, store => store.withService(service));
  }

  /** Applications with a name (in any namespace). */
  withName(name: string, instances: string[]): IndexedApplication[] {
    return this.collect(instances, store => store.withName(name));
  }

  /** Applications whose labels match a selector. */
  matching(selector: LabelSelector, instances: string[]): IndexedApplication[] {
    return this.collect(instances, store =>
      store.values().filter(app => selector(app.labels)),
    );
  }

  /**
   * Reads one application directly from its instance and merges it, for callers that need
   * the freshest state (promotion gates).
   */
  async refreshApplication(
    instance: string,
    app: ApplicationLocator,
    signal?: AbortSignal,
  ): Promise<IndexedApplication | undefined> {
    const slot = this.slots.get(instance);
    if (!slot) return undefined;
    const fresh = await slot.client.getApplication(app, signal);
    this.applyEvent(slot, 'MODIFIED', fresh);
    return slot.store.get(this.toIndexed(slot, fresh).key);
  }

  /**
   * Lists every instance in full and merges the lists; publishes them for the other replicas.
   * The periodic scheduler task (global: one replica per interval).
   */
  async relistAll(signal?: AbortSignal): Promise<void> {
    await Promise.all(
      Array.from(this.slots.values(), async slot => {
        try {
          const snapshot = await this.relistSlot(
            slot,
            signal ?? new AbortController().signal,
          );
          await this.snapshots?.publish(slot.client.name, snapshot);
        } catch (e) {
          if (signal?.aborted) return;
          // Shown in the status until a list succeeds: a stream that looks fine may be hung.
          this.setHealth(slot, 'listError', e);
          this.logger.warn(
            `Full list of Argo CD instance ${slot.client.name} failed: ${
              toGitOpsError(e, slot.client.name).message
            }`,
          );
        }
      }),
    );
  }

  /** Merges the lists other replicas published, when newer than what this one has. */
  async applySharedSnapshots(): Promise<void> {
    if (!this.snapshots) return;
    for (const slot of this.slots.values()) {
      const snapshot = await this.snapshots.read(slot.client.name);
      if (!snapshot || snapshot.listedAt <= slot.lastSnapshotAt) continue;
      this.mergeSnapshot(
        slot,
        snapshot.items,
        snapshot.listedAt,
        snapshot.resourceVersion,
      );
      slot.resourceVersion = maxResourceVersion(
        slot.resourceVersion,
        snapshot.resourceVersion,
      );
    }
  }

  private async relistSlot(slot: InstanceSlot, signal: AbortSignal) {
    const listedAt = Date.now();
    // Converted as they are read: the full answers of every instance are never held at once.
    const list = await slot.client.listApplications(signal, app =>
      this.reuseOrIndex(slot, app),
    );
    const items = list.items;
    if (list.invalid > 0) {
      this.logger.warn(
        `Argo CD instance ${slot.client.name} listed ${list.invalid} applications that could not be read; they are left out`,
      );
    }
    this.mergeSnapshot(slot, items, listedAt, list.resourceVersion);
    let resourceVersion = list.resourceVersion;
    for (const item of items) {
      resourceVersion = maxResourceVersion(
        resourceVersion,
        item.resourceVersion,
      );
    }
    slot.resourceVersion = maxResourceVersion(
      slot.resourceVersion,
      resourceVersion,
    );
    this.setHealth(slot, 'listError', null);
    if (!slot.ready) {
      slot.ready = true;
      this.emit({ type: 'instance', instance: slot.client.name });
    }
    this.logger.debug(
      `Listed ${items.length} applications of Argo CD instance ${slot.client.name}`,
    );
    return { listedAt, resourceVersion: list.resourceVersion, items };
  }

  private mergeSnapshot(
    slot: InstanceSlot,
    items: IndexedApplication[],
    listedAt: number,
    resourceVersion: string | null,
  ) {
    const changes = slot.store.applySnapshot(items, listedAt, resourceVersion);
    slot.lastSnapshotAt = Math.max(slot.lastSnapshotAt, listedAt);
    for (const change of changes) {
      this.emit({ type: 'application', change });
    }
  }

  private applyEvent(
    slot: InstanceSlot,
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    app: ValidatedApplication,
  ) {
    const indexed = this.toIndexed(slot, app);
    slot.resourceVersion = maxResourceVersion(
      slot.resourceVersion,
      indexed.resourceVersion,
    );
    const change = slot.store.applyEvent(type, indexed);
    if (change) this.emit({ type: 'application', change });
  }

  /**
   * The indexed form of a listed application; the one the index holds when it is the same
   * version (a numeric resourceVersion names one state), which the merge would keep anyway:
   * a re-list of an unchanged instance then builds nothing new.
   */
  private reuseOrIndex(
    slot: InstanceSlot,
    app: ValidatedApplication,
  ): IndexedApplication {
    const version = app.metadata.resourceVersion;
    if (version && /^\d+$/.test(version)) {
      const held = slot.store.get(
        `${app.metadata.namespace ?? ''}/${app.metadata.name}`,
      );
      if (held?.resourceVersion === version) return held;
    }
    return this.toIndexed(slot, app);
  }

  private toIndexed(slot: InstanceSlot, app: ValidatedApplication) {
    return toIndexedApplication(app, {
      instance: slot.client.name,
      classify: this.classify,
      appNamespaces: slot.appNamespaces,
      strings: this.strings,
    });
  }

  private setHealth(
    slot: InstanceSlot,
    source: 'streamError' | 'listError',
    error: unknown | null,
  ) {
    slot[source] =
      error === null ? null : toGitOpsError(error, slot.client.name);
    const next = slot.streamError ?? slot.listError;
    if (
      next?.code === slot.error?.code &&
      next?.message === slot.error?.message
    ) {
      return;
    }
    slot.error = next;
    this.emit({ type: 'instance', instance: slot.client.name });
  }

  private collect(
    instances: string[],
    read: (store: InstanceApplications) => IndexedApplication[],
  ): IndexedApplication[] {
    const result: IndexedApplication[] = [];
    for (const name of instances) {
      const slot = this.slots.get(name);
      if (slot) result.push(...read(slot.store));
    }
    return result;
  }

  private emit(event: IndexEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.logger.error(`GitOps index listener failed: ${e}`);
      }
    }
  }
}
