import { createHash } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type {
  GitOpsError,
  RolloutProgress,
  SyncWindowsSummary,
} from '@gitops-portal/plugin-gitops-common';
import type { ArgoRollout } from '@gitops-portal/plugin-gitops-node';
import type { ApplicationIndex } from '../argocd/ApplicationIndex';
import type { ArgoCdClient, ApplicationLocator } from '../argocd/ArgoCdClient';
import { ArgoCdError, toGitOpsError } from '../argocd/ArgoCdError';
import type {
  IndexedApplication,
  ManagedRolloutRef,
} from '../argocd/IndexedApplication';
import type { ProjectSyncWindows } from '../argocd/ProjectSyncWindows';
import { rolloutProgress } from '../argocd/rolloutProgress';
import {
  type ValidatedApplicationTree,
  rolloutSchema,
} from '../argocd/schemas';

/**
 * The per-target details the application list lacks.
 *
 * @public
 */
export interface TargetDetails {
  rollout: RolloutProgress | null;
  syncWindows: SyncWindowsSummary | null;
  /** Why a detail could not be read (the others may still be there). */
  error: GitOpsError | null;
  /**
   * True while a detail has never been read and its first read is under way: `rollout: null`
   * then means "not known yet", not "no Rollout".
   */
  loading: boolean;
}

/**
 * Options of {@link TargetDetailsService.get}.
 *
 * @public
 */
export interface TargetDetailsReadOptions {
  /** Wait for Argo CD instead of using the cache (the promotion gates ask for it). */
  fresh?: boolean;
  /**
   * When a detail was never read, wait for its first read until this time (milliseconds since
   * the epoch) instead of answering "loading" at once. API clients opt in with `?wait=details`.
   */
  waitUntil?: number;
}

/** A detail as stored in the cache. */
interface StoredDetail {
  /** When it was read from Argo CD, in milliseconds since the epoch. */
  at: number;
  /** Fingerprint of the application state it was read for (rollouts only). */
  fingerprint?: string;
  value: JsonValue;
}

/** Reads of one application recently asked for, kept this long for refreshes on change. */
const RECENT_READ_MS = 5 * 60_000;

/**
 * Reads a target's details from Argo CD only when needed, through Backstage's cache service
 * (shared by replicas when it is Redis), without making status requests wait for Argo CD:
 *
 * - the Rollout's progress, for applications that manage a Rollout: its live manifest from
 *   the `resource` endpoint (located through `status.resources`, or through the resource tree
 *   when the answer had none) and, for a canary without traffic routing in the middle of its
 *   steps, the resource tree to count canary pods. It is fresh while the application's state
 *   (health, revision, operation, images) has the fingerprint it was read for;
 * - the sync windows: from the application's AppProject when {@link ProjectSyncWindows} knows
 *   it (no call per application), else from the application's `syncwindows` endpoint, fresh
 *   for a short while, since they open and close on a schedule.
 *
 * A read returns what the cache holds at once and, when that is missing or no longer fresh,
 * refreshes it in the background (stale-while-revalidate); listeners hear when a refresh
 * brought something new, so that live views update. When the index reports a change of an
 * application read recently, its rollout is refreshed right away. A `fresh` read waits for
 * Argo CD instead (the promotion gates). Concurrent refreshes of one detail share one call;
 * nothing is called for an instance the index knows is failing; the last failure of a detail
 * is reported until it is read again successfully.
 *
 * @public
 */
export class TargetDetailsService {
  private readonly index: ApplicationIndex;
  private readonly cache: CacheService;
  private readonly logger: LoggerService;
  private readonly projectWindows?: ProjectSyncWindows;
  private readonly rolloutTtlMs: number;
  private readonly syncWindowsTtlMs: number;
  private readonly keepMs: number;
  private readonly inFlight = new Map<string, Promise<JsonValue>>();
  private readonly errors = new Map<string, GitOpsError>();
  private readonly recent = new Map<string, number>();
  private readonly listeners = new Set<(app: IndexedApplication) => void>();
  private reads = 0;

  constructor(options: {
    index: ApplicationIndex;
    cache: CacheService;
    logger: LoggerService;
    /** Sync windows per project; without it they are read per application. */
    projectWindows?: ProjectSyncWindows;
    /** Default 60 s; a change of the application makes it stale sooner. */
    rolloutTtlMs?: number;
    /** Default 30 s. */
    syncWindowsTtlMs?: number;
    /** How long a stale detail is kept to be shown while it is refreshed. Default 10 min. */
    keepMs?: number;
  }) {
    this.index = options.index;
    this.cache = options.cache;
    this.logger = options.logger;
    this.projectWindows = options.projectWindows;
    this.rolloutTtlMs = options.rolloutTtlMs ?? 60_000;
    this.syncWindowsTtlMs = options.syncWindowsTtlMs ?? 30_000;
    this.keepMs = options.keepMs ?? 10 * 60_000;
    this.index.subscribe(event => {
      if (event.type !== 'application' || !event.change.current) return;
      const app = event.change.current;
      const readAt = this.recent.get(recentKey(app));
      if (readAt !== undefined && Date.now() - readAt < RECENT_READ_MS) {
        void this.rollout(app, false);
      }
    });
  }

  /** Listens to details that changed after a refresh; returns the function that stops. */
  subscribe(listener: (app: IndexedApplication) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Settles when no refresh is running (tests, benchmarks). */
  async whenIdle(): Promise<void> {
    await this.projectWindows?.whenIdle();
    while (this.inFlight.size > 0) {
      await Promise.allSettled(Array.from(this.inFlight.values()));
    }
  }

  /** The details of one target, from the cache unless `fresh`; see {@link TargetDetailsReadOptions}. */
  async get(
    app: IndexedApplication,
    options?: TargetDetailsReadOptions,
  ): Promise<TargetDetails> {
    const fresh = options?.fresh ?? false;
    const waitUntil = options?.waitUntil;
    this.remember(app);
    const fromProject = fresh
      ? undefined
      : this.projectWindows?.forApplication(app);
    const [rollout, windows] = await Promise.all<DetailRead>([
      this.rollout(app, fresh, waitUntil),
      fromProject
        ? { value: fromProject as unknown as JsonValue }
        : this.read(
            `syncwindows/v2/${app.instance}/${app.key}`,
            app,
            { ttlMs: this.syncWindowsTtlMs, fresh, waitUntil },
            client => this.fetchSyncWindows(client, app),
          ),
    ]);
    return {
      rollout: (rollout.value as RolloutProgress | null | undefined) ?? null,
      syncWindows:
        (windows.value as SyncWindowsSummary | null | undefined) ?? null,
      error: rollout.error ?? windows.error ?? null,
      loading: !!rollout.loading || !!windows.loading,
    };
  }

  private rollout(
    app: IndexedApplication,
    fresh: boolean,
    waitUntil?: number,
  ): Promise<DetailRead> {
    if (app.rollouts.length === 0 && app.resourcesKnown) {
      return Promise.resolve({ value: null });
    }
    return this.read(
      `rollout/v2/${app.instance}/${app.key}`,
      app,
      {
        ttlMs: this.rolloutTtlMs,
        fresh,
        fingerprint: fingerprint(app),
        waitUntil,
      },
      client => this.fetchRollout(client, app),
    );
  }

  private async read(
    key: string,
    app: IndexedApplication,
    options: {
      ttlMs: number;
      fresh: boolean;
      fingerprint?: string;
      waitUntil?: number;
    },
    fetchValue: (client: ArgoCdClient) => Promise<unknown>,
  ): Promise<DetailRead> {
    const client = this.index.client(app.instance);
    const canCall = !!client && !this.index.instanceState(app.instance)?.error;
    if (options.fresh && canCall) {
      try {
        const value = await this.refresh(key, app, options.fingerprint, () =>
          fetchValue(client),
        );
        return { value };
      } catch (e) {
        return { error: toGitOpsError(e, app.instance) };
      }
    }
    const stored = await this.cache
      .get<JsonValue>(key)
      .then(v => v as unknown as StoredDetail | undefined)
      .catch(() => undefined);
    const isFresh =
      !!stored &&
      stored.fingerprint === options.fingerprint &&
      Date.now() - stored.at < options.ttlMs;
    if (!isFresh && canCall) {
      const refreshing = this.refresh(key, app, options.fingerprint, () =>
        fetchValue(client),
      );
      refreshing.catch(() => {});
      if (!stored) {
        // Never read: "loading", unless the caller would rather wait a bounded moment.
        const waited =
          options.waitUntil === undefined
            ? undefined
            : await settleBy(refreshing, options.waitUntil);
        if (waited) {
          return 'value' in waited
            ? { value: waited.value }
            : { error: toGitOpsError(waited.error, app.instance) };
        }
        return { error: this.errors.get(key), loading: !this.errors.has(key) };
      }
    }
    return { value: stored?.value, error: this.errors.get(key) };
  }

  /** Reads a detail from Argo CD once for all concurrent callers, and stores it. */
  private refresh(
    key: string,
    app: IndexedApplication,
    fingerprintOfApp: string | undefined,
    fetchValue: () => Promise<unknown>,
  ): Promise<JsonValue> {
    const flight = `${key}#${fingerprintOfApp ?? ''}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = fetchValue()
        .then(async fetched => {
          const value = (fetched ?? null) as JsonValue;
          const previous = await this.cache
            .get<JsonValue>(key)
            .then(v => v as unknown as StoredDetail | undefined)
            .catch(() => undefined);
          const stored: StoredDetail = { at: Date.now(), value };
          if (fingerprintOfApp) stored.fingerprint = fingerprintOfApp;
          await this.cache
            .set(key, stored as unknown as JsonValue, { ttl: this.keepMs })
            .catch(e => this.logger.debug(`Could not cache ${key}: ${e}`));
          const hadError = this.errors.delete(key);
          if (
            hadError ||
            JSON.stringify(previous?.value ?? null) !== JSON.stringify(value)
          ) {
            this.emit(app);
          }
          return value;
        })
        .catch(e => {
          const error = toGitOpsError(e, app.instance);
          const previous = this.errors.get(key);
          this.errors.set(key, error);
          if (previous?.message !== error.message) this.emit(app);
          throw e;
        })
        .finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  private remember(app: IndexedApplication) {
    const now = Date.now();
    this.recent.set(recentKey(app), now);
    if (++this.reads % 1000 === 0) {
      for (const [key, at] of this.recent) {
        if (now - at > RECENT_READ_MS) this.recent.delete(key);
      }
    }
  }

  private emit(app: IndexedApplication) {
    for (const listener of this.listeners) {
      try {
        listener(app);
      } catch (e) {
        this.logger.error(`GitOps details listener failed: ${e}`);
      }
    }
  }

  private async fetchRollout(
    client: ArgoCdClient,
    app: IndexedApplication,
  ): Promise<RolloutProgress | null> {
    const locator = locate(app);
    let tree: ValidatedApplicationTree | undefined;
    let refs = app.rollouts;
    if (!app.resourcesKnown) {
      tree = await client.getResourceTree(locator);
      refs = (tree.nodes ?? [])
        .filter(
          n => n.kind === 'Rollout' && n.group === 'argoproj.io' && n.name,
        )
        .map(n => ({
          namespace: n.namespace ?? '',
          name: n.name!,
          group: 'argoproj.io',
          version: n.version || 'v1alpha1',
        }));
    }
    const ref = [...refs].sort((a, b) => a.name.localeCompare(b.name))[0];
    if (!ref) return null;
    const rollout = await this.fetchRolloutManifest(client, locator, ref);
    if (!tree && needsTree(rollout)) {
      tree = await client.getResourceTree(locator);
    }
    return rolloutProgress(rollout, tree);
  }

  private async fetchRolloutManifest(
    client: ArgoCdClient,
    locator: ApplicationLocator,
    ref: ManagedRolloutRef,
  ): Promise<ArgoRollout> {
    const manifest = await client.getResource(locator, {
      namespace: ref.namespace,
      name: ref.name,
      group: ref.group,
      version: ref.version,
      kind: 'Rollout',
    });
    const parsed = rolloutSchema.safeParse(manifest);
    if (!parsed.success) {
      throw new ArgoCdError({
        code: 'INVALID_RESPONSE',
        instance: client.name,
        message: `Argo CD instance ${
          client.name
        } returned a Rollout manifest that could not be read (${
          parsed.error.issues[0]?.path.join('.') || 'root'
        })`,
      });
    }
    // Validated for every field the progress reads; the rest is carried as is.
    return manifest as ArgoRollout;
  }

  private async fetchSyncWindows(
    client: ArgoCdClient,
    app: IndexedApplication,
  ): Promise<SyncWindowsSummary> {
    const windows = await client.getSyncWindows(locate(app));
    return {
      canSync: windows.canSync ?? true,
      active: (windows.activeWindows ?? []).map(w => ({
        kind: w.kind ?? 'allow',
        schedule: w.schedule ?? '',
        duration: w.duration ?? '',
        manualSync: w.manualSync ?? false,
      })),
    };
  }
}

interface DetailRead {
  value?: JsonValue;
  error?: GitOpsError;
  /** Never read, first read under way. */
  loading?: boolean;
}

/** The outcome of a read if it settles before `deadline`, else undefined. */
async function settleBy(
  read: Promise<JsonValue>,
  deadline: number,
): Promise<{ value: JsonValue } | { error: unknown } | undefined> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      read.then(
        value => ({ value }),
        error => ({ error }),
      ),
      new Promise<undefined>(resolve => {
        timer = setTimeout(() => resolve(undefined), remaining);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function recentKey(app: IndexedApplication): string {
  return `${app.instance}\u0000${app.key}`;
}

function locate(app: IndexedApplication): ApplicationLocator {
  return { name: app.name, appNamespace: app.appNamespace };
}

/** A canary without traffic routing in the middle of its steps: actual weight needs pods. */
function needsTree(rollout: ArgoRollout): boolean {
  const canary = rollout.spec.strategy.canary;
  const steps = canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex ?? 0;
  return (
    !!canary &&
    !canary.trafficRouting &&
    index < steps.length &&
    (rollout.status?.availableReplicas ?? 0) > 0
  );
}

/** What of an application's state a Rollout's progress can depend on. */
function fingerprint(app: IndexedApplication): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        app.health,
        app.sync.revision,
        app.operation?.phase,
        app.operation?.finishedAt,
        app.operationPending,
        app.images,
        app.rollouts,
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
}
