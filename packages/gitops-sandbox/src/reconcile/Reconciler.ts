import type {
  ArgoApplicationSource,
  ArgoOperationState,
} from '@gitops-portal/plugin-gitops-node';
import { ScheduledTask, Scheduler } from '../clock/Scheduler';
import { DEFAULT_BRANCH, imageRepositoryOf } from '../demo';
import { GitRepository } from '../git/GitRepository';
import { ArgoInstance } from '../argocd/ArgoInstance';
import { ModeledApp } from '../argocd/ModeledApp';
import { settledWorkload } from '../argocd/WorkloadState';
import { HttpError } from '../util/HttpError';
import { digestOf } from '../util/hashes';
import {
  AppTarget,
  DesiredState,
  DesiredStateReader,
} from './DesiredStateReader';
import { TIMING } from './timing';
import { WorkloadProgression } from './WorkloadProgression';

/** Who asked for a sync. */
export type Initiator = { username: string } | { automated: true };

/** Dependencies of the {@link Reconciler}. */
export interface ReconcilerOptions {
  repo: GitRepository;
  instances: () => ArgoInstance[];
  scheduler: Scheduler;
  /** `spec.source.repoURL` of the applications. */
  repoURL: string;
  log: (line: string) => void;
  /** Digests whose rollout analysis fails. */
  badDigests: Set<string>;
}

/** A gRPC-gateway error for the Argo CD API. */
export function argoError(status: number, code: number, message: string) {
  return new HttpError(status, message, { error: message, code, message });
}

/**
 * Plays Argo CD's application controller for the modeled applications: follows `main`,
 * generates applications from the ApplicationSets, compares git with what was applied
 * (OutOfSync), auto-syncs dev and staging (prod when asked), runs sync operations that record
 * history, self-heals drift when asked to, and hands new images to the rollout controller.
 */
export class Reconciler {
  private readonly reader: DesiredStateReader;
  readonly progression: WorkloadProgression;
  private head: string | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  private refreshQueued = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<ModeledApp, ScheduledTask>();
  private readonly operations = new Map<ModeledApp, ScheduledTask>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: ReconcilerOptions) {
    this.reader = new DesiredStateReader(options.repo, () =>
      options.instances().map(i => ({
        name: i.name,
        environments: i.environments,
      })),
    );
    this.progression = new WorkloadProgression(
      options.scheduler,
      digest => options.badDigests.has(digest),
      app => this.touch(app),
      options.log,
      error => this.reportError(error),
    );
  }

  private reportError(error: unknown) {
    if (!this.stopped) {
      this.options.log(
        `reconcile error: ${(error as Error)?.message ?? error}`,
      );
    }
  }

  /** The commit of `main` the applications were last compared with. */
  get headRevision(): string | null {
    return this.head;
  }

  private instance(name: string): ArgoInstance | undefined {
    return this.options.instances().find(i => i.name === name);
  }

  private touch(app: ModeledApp) {
    this.instance(app.instance)?.touch(app);
  }

  /** Every modeled application of every instance. */
  modeledApps(): ModeledApp[] {
    return this.options
      .instances()
      .flatMap(i => i.list())
      .filter((a): a is ModeledApp => a instanceof ModeledApp);
  }

  /** Finds a modeled application by name (names are unique across instances). */
  findApp(name: string, instance?: string): ModeledApp | undefined {
    return this.modeledApps().find(
      a => a.name === name && (!instance || a.instance === instance),
    );
  }

  /**
   * Loads the applications as already deployed at the head of `main` (Synced, Healthy, with
   * the history of their folder), then follows the branch.
   */
  async start(): Promise<void> {
    const head = await this.options.repo.branchHead(DEFAULT_BRANCH);
    if (!head) {
      throw new Error(`The sandbox repository has no ${DEFAULT_BRANCH} branch`);
    }
    const desired = await this.reader.read(head);
    this.head = head;
    const now = this.options.scheduler.nowIso();
    for (const instance of this.options.instances()) {
      for (const target of desired.apps.get(instance.name) ?? []) {
        const app = this.createServiceApp(target, head, now);
        await this.markDeployed(app);
        instance.add(app);
      }
    }
    this.unsubscribe = this.options.repo.onRefChange(ref => {
      if (ref === `refs/heads/${DEFAULT_BRANCH}`) {
        void this.refresh();
      }
    });
    const poll = () => {
      this.pollTimer = setTimeout(() => {
        this.refresh().finally(() => {
          if (!this.stopped) poll();
        });
      }, Math.max(250, this.options.scheduler.scale(TIMING.pollMs)));
    };
    poll();
  }

  /** Stops following the branch and every timer. */
  stop(): void {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.unsubscribe?.();
    for (const task of this.pending.values()) task.cancel();
    for (const task of this.operations.values()) task.cancel();
    this.pending.clear();
    this.operations.clear();
    this.progression.cancelAll();
  }

  private source(target: AppTarget): ArgoApplicationSource {
    return {
      repoURL: this.options.repoURL,
      path: target.path,
      targetRevision: DEFAULT_BRANCH,
      ...(target.sourceType === 'Helm'
        ? { helm: { valueFiles: ['values.yaml'] } }
        : {}),
    };
  }

  private createServiceApp(
    target: AppTarget,
    head: string,
    now: string,
  ): ModeledApp {
    const automated = target.environment !== 'prod';
    return new ModeledApp({
      kind: 'service',
      name: `${target.service}-${target.environment}`,
      instance: target.instance,
      service: target.service,
      environment: target.environment,
      namespace: target.service,
      repoURL: this.options.repoURL,
      source: this.source(target),
      labels: {
        'app.kubernetes.io/part-of': target.service,
        'gitops/environment': target.environment,
      },
      automated,
      selfHeal: target.environment === 'dev',
      createdAt: now,
      target,
      comparedRevision: head,
    });
  }

  /** Marks an app as deployed at the head, with history from the commits of its folder. */
  private async markDeployed(app: ModeledApp) {
    const spec = app.targetSpec();
    if (!spec) return;
    const commits = (
      await this.options.repo.log({
        ref: app.comparedRevision,
        path: app.target.path,
        firstParent: true,
        maxCount: 10,
      })
    ).reverse();
    const initiatedBy: Initiator =
      app.environment === 'prod' ? { username: 'admin' } : { automated: true };
    const plus = (iso: string, seconds: number) =>
      `${new Date(new Date(iso).getTime() + seconds * 1000)
        .toISOString()
        .slice(0, 19)}Z`;
    app.history = commits.map((commit, id) => ({
      id,
      revision: commit.sha,
      deployStartedAt: plus(commit.committer.date, 30),
      deployedAt: plus(commit.committer.date, 90),
      source: app.source,
      initiatedBy,
    }));
    app.nextHistoryId = app.history.length;
    const last = app.history[app.history.length - 1];
    const revision = last?.revision ?? app.comparedRevision;
    app.applied = { revision, spec };
    app.liveReplicas = spec.replicas;
    const deployedAt = last?.deployedAt ?? app.createdAt;
    app.workload = settledWorkload(
      app.target.strategy,
      spec.digest,
      Math.max(1, app.history.length),
      deployedAt,
    );
    app.workloadChangedAt = deployedAt;
    if (last) {
      app.lastOperation = this.succeededOperation(
        app,
        revision,
        initiatedBy,
        last.deployStartedAt ?? deployedAt,
        deployedAt,
      );
    }
  }

  private succeededOperation(
    app: ModeledApp,
    revision: string,
    initiatedBy: Initiator,
    startedAt: string,
    finishedAt: string,
  ): ArgoOperationState {
    return {
      operation: {
        sync: { revision, prune: true },
        initiatedBy,
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      syncResult: {
        revision,
        resources: app
          .views()
          .filter(v => v.managed)
          .map(v => ({
            group: v.group,
            version: v.version,
            kind: v.kind,
            namespace: v.namespace,
            name: v.name,
            status: 'Synced' as const,
            message: `${v.kind.toLowerCase()}${v.group ? `.${v.group}` : ''}/${
              v.name
            } ${v.kind === 'ConfigMap' ? 'unchanged' : 'configured'}`,
            syncPhase: 'Sync' as const,
          })),
      },
      startedAt,
      finishedAt,
    };
  }

  /**
   * Compares every application with the head of `main` again (after a merge, or when a commit
   * was made on disk). Calls are serialised and coalesced.
   */
  refresh(): Promise<void> {
    if (this.refreshQueued) {
      return this.refreshing;
    }
    this.refreshQueued = true;
    this.refreshing = this.refreshing.then(async () => {
      this.refreshQueued = false;
      if (this.stopped) return;
      try {
        const head = await this.options.repo.branchHead(DEFAULT_BRANCH);
        if (head && head !== this.head) {
          const desired = await this.reader.read(head);
          if (!this.stopped) this.apply(desired);
        }
      } catch (error) {
        this.reportError(error);
      }
    });
    return this.refreshing;
  }

  private apply(desired: DesiredState) {
    this.head = desired.revision;
    const now = this.options.scheduler.nowIso();
    this.options.log(
      `main is now ${desired.revision.slice(0, 7)}: comparing applications`,
    );
    for (const instance of this.options.instances()) {
      const targets = desired.apps.get(instance.name) ?? [];
      const wanted = new Set<string>();
      for (const target of targets) {
        const name = `${target.service}-${target.environment}`;
        wanted.add(name);
        const existing = instance.get(name);
        if (existing instanceof ModeledApp) {
          existing.target = target;
          existing.comparedRevision = desired.revision;
          existing.reconciledAt = now;
          instance.touch(existing);
          this.evaluate(existing);
        } else if (!existing) {
          const app = this.createServiceApp(target, desired.revision, now);
          app.reconciledAt = now;
          this.options.log(`${name}: generated by the ApplicationSet`);
          instance.add(app);
          this.evaluate(app);
        }
      }
      for (const app of instance.list()) {
        if (!(app instanceof ModeledApp)) continue;
        if (app.kind === 'preview') {
          app.comparedRevision = desired.revision;
          app.reconciledAt = now;
          instance.touch(app);
        } else if (!wanted.has(app.name)) {
          this.forget(app);
          this.options.log(`${app.name}: removed from the ApplicationSet`);
          instance.remove(app.name);
        }
      }
    }
  }

  private forget(app: ModeledApp) {
    this.pending.get(app)?.cancel();
    this.pending.delete(app);
    this.operations.get(app)?.cancel();
    this.operations.delete(app);
    this.progression.cancel(app);
  }

  /** Schedules auto-sync or self-heal when the app needs it and is allowed to. */
  evaluate(app: ModeledApp): void {
    if (this.stopped || app.runningOperation || this.pending.has(app)) return;
    const instance = this.instance(app.instance);
    if (!instance || instance.syncWindow.active || !app.automated) return;
    const gitChanged = app.gitChanged();
    const heal = !gitChanged && app.selfHeal && app.drifted();
    if (!gitChanged && !heal) return;
    const delay = gitChanged ? TIMING.autoSyncDelayMs : TIMING.selfHealDelayMs;
    this.pending.set(
      app,
      this.options.scheduler.after(
        delay,
        async () => {
          this.pending.delete(app);
          if (
            !app.automated ||
            app.runningOperation ||
            instance.syncWindow.active ||
            instance.get(app.name) !== app ||
            !(app.gitChanged() || (app.selfHeal && app.drifted()))
          ) {
            return;
          }
          this.options.log(
            `${app.name}: ${gitChanged ? 'auto-sync' : 'self-heal'} starts`,
          );
          this.startOperation(app, this.head ?? app.comparedRevision, {
            automated: true,
          });
        },
        error => this.reportError(error),
      ),
    );
  }

  /**
   * `POST /api/v1/applications/{name}/sync`: checks the sync window and running operations,
   * then starts a sync operation to `revision` (default: the head of `main`).
   */
  async requestSync(
    app: ModeledApp,
    request: { revision?: string; dryRun?: boolean },
    initiatedBy: Initiator,
  ): Promise<void> {
    const instance = this.instance(app.instance)!;
    if (instance.syncWindow.active) {
      throw argoError(403, 7, 'cannot sync: blocked by sync window');
    }
    if (app.runningOperation) {
      throw argoError(400, 9, 'another operation is already in progress');
    }
    let revision = this.head ?? app.comparedRevision;
    if (request.revision && request.revision !== DEFAULT_BRANCH) {
      const resolved = await this.options.repo.resolve(request.revision);
      if (!resolved) {
        throw argoError(
          400,
          3,
          `application spec for ${app.name} is invalid: InvalidSpecError: Unable to resolve '${request.revision}' to a commit SHA`,
        );
      }
      revision = resolved;
    }
    if (request.dryRun) return;
    this.pending.get(app)?.cancel();
    this.pending.delete(app);
    this.startOperation(app, revision, initiatedBy);
  }

  private startOperation(
    app: ModeledApp,
    revision: string,
    initiatedBy: Initiator,
  ) {
    app.generation += 1;
    app.runningOperation = {
      operation: { sync: { revision, prune: true }, initiatedBy },
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: this.options.scheduler.nowIso(),
    };
    this.options.log(`${app.name}: sync to ${revision.slice(0, 7)} running`);
    this.touch(app);
    this.operations.set(
      app,
      this.options.scheduler.after(
        TIMING.syncMs,
        () => this.finishOperation(app, revision, initiatedBy),
        error => this.reportError(error),
      ),
    );
  }

  private async finishOperation(
    app: ModeledApp,
    revision: string,
    initiatedBy: Initiator,
  ) {
    this.operations.delete(app);
    const running = app.runningOperation;
    if (!running) return;
    const target =
      app.kind === 'preview' || revision === app.comparedRevision
        ? app.target
        : await this.reader.readApp(
            revision,
            app.instance,
            app.service,
            app.environment,
          );
    const now = this.options.scheduler.nowIso();
    if (target.error || !target.digest) {
      app.lastOperation = {
        ...running,
        phase: 'Failed',
        message: `ComparisonError: ${target.error ?? 'no image digest'}`,
        finishedAt: now,
      };
      app.runningOperation = null;
      this.touch(app);
      return;
    }
    const spec = {
      imageRepository: target.imageRepository,
      digest: target.digest,
      replicas: target.replicas,
    };
    const previous = app.applied;
    app.applied = { revision, spec };
    const replicasChanged = app.liveReplicas !== spec.replicas;
    app.liveReplicas = spec.replicas;
    app.history.push({
      id: app.nextHistoryId++,
      revision,
      deployStartedAt: running.startedAt,
      deployedAt: now,
      source: app.source,
      initiatedBy,
    });
    if (app.history.length > 10) {
      app.history.splice(0, app.history.length - 10);
    }
    app.runningOperation = null;
    app.lastOperation = this.succeededOperation(
      app,
      revision,
      initiatedBy,
      running.startedAt,
      now,
    );
    app.reconciledAt = now;
    this.options.log(`${app.name}: sync to ${revision.slice(0, 7)} succeeded`);
    if (!app.workload || !previous) {
      this.progression.firstDeploy(app, spec.digest);
    } else if (previous.spec.digest !== spec.digest) {
      this.progression.update(app, spec.digest);
    } else if (replicasChanged) {
      this.progression.scale(app);
    } else {
      app.workloadChangedAt = now;
      this.touch(app);
    }
    this.evaluate(app);
  }

  /** Knob: someone changed the live replicas of the workload (kubectl scale). */
  drift(app: ModeledApp, replicas: number): void {
    if (!app.applied || !app.workload) {
      throw new HttpError(409, `${app.name} is not deployed yet`);
    }
    app.liveReplicas = replicas;
    this.options.log(`${app.name}: live replicas set to ${replicas} (drift)`);
    this.progression.scale(app);
    this.evaluate(app);
  }

  /** Knob: turns self-heal on or off. */
  setSelfHeal(app: ModeledApp, enabled: boolean): void {
    app.selfHeal = enabled;
    this.touch(app);
    this.evaluate(app);
  }

  /** Knob: turns auto-sync on or off. */
  setAutoSync(app: ModeledApp, enabled: boolean): void {
    app.automated = enabled;
    if (!enabled) {
      this.pending.get(app)?.cancel();
      this.pending.delete(app);
    }
    this.touch(app);
    this.evaluate(app);
  }

  /** Knob: opens or closes the deny window of an instance. */
  setSyncWindow(instance: ArgoInstance, active: boolean): void {
    instance.syncWindow.active = active;
    if (active) {
      instance.syncWindow.assigned = true;
      for (const app of this.modeledApps()) {
        if (app.instance === instance.name) {
          this.pending.get(app)?.cancel();
          this.pending.delete(app);
        }
      }
    } else {
      for (const app of this.modeledApps()) {
        if (app.instance === instance.name) this.evaluate(app);
      }
    }
  }

  /** Knob: a preview application for an open pull request on a service's code. */
  openPreview(
    instance: ArgoInstance,
    service: string,
    number: number,
  ): ModeledApp {
    const name = `${service}-preview-pr-${number}`;
    const existing = instance.get(name);
    if (existing instanceof ModeledApp) return existing;
    const now = this.options.scheduler.nowIso();
    const digest = digestOf(`${imageRepositoryOf(service)}:pr-${number}`);
    const target: AppTarget = {
      instance: instance.name,
      service,
      environment: 'dev',
      path: `previews/${service}`,
      sourceType: 'Helm',
      strategy: 'rolling',
      imageRepository: imageRepositoryOf(service),
      digest,
      replicas: 1,
    };
    const app = new ModeledApp({
      kind: 'preview',
      name,
      instance: instance.name,
      service,
      environment: 'dev',
      namespace: `${service}-pr-${number}`,
      repoURL: this.options.repoURL,
      source: {
        repoURL: this.options.repoURL,
        path: `previews/${service}`,
        targetRevision: DEFAULT_BRANCH,
        helm: {
          valueFiles: ['values.yaml'],
          parameters: [
            { name: 'image.tag', value: `pr-${number}` },
            { name: 'image.digest', value: digest },
          ],
        },
      },
      labels: {
        'app.kubernetes.io/part-of': service,
        'gitops/preview': 'true',
        'gitops/environment': 'dev',
      },
      automated: true,
      selfHeal: false,
      createdAt: now,
      target,
      comparedRevision: this.head ?? '',
      previewNumber: number,
    });
    this.options.log(`${name}: preview for pull request #${number}`);
    instance.add(app);
    this.evaluate(app);
    return app;
  }

  /** Deploys a preview immediately (seeded previews exist before the sandbox starts). */
  deployNow(app: ModeledApp): void {
    const spec = app.targetSpec();
    if (!spec) return;
    const now = this.options.scheduler.nowIso();
    app.applied = { revision: app.comparedRevision, spec };
    app.liveReplicas = spec.replicas;
    app.workload = settledWorkload(app.target.strategy, spec.digest, 1, now);
    app.history = [
      {
        id: 0,
        revision: app.comparedRevision,
        deployStartedAt: now,
        deployedAt: now,
        source: app.source,
        initiatedBy: { automated: true },
      },
    ];
    app.nextHistoryId = 1;
    app.lastOperation = this.succeededOperation(
      app,
      app.comparedRevision,
      { automated: true },
      now,
      now,
    );
    this.touch(app);
  }

  /** Knob: the pull request behind a preview closed. */
  closePreview(
    instance: ArgoInstance,
    service: string,
    number: number,
  ): boolean {
    const name = `${service}-preview-pr-${number}`;
    const app = instance.get(name);
    if (!(app instanceof ModeledApp)) return false;
    this.forget(app);
    this.options.log(`${name}: pull request closed, preview removed`);
    instance.remove(name);
    return true;
  }
}
