import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_INSTANCES,
  InstanceDefinition,
  REPO_OWNER,
  BOT_LOGIN,
} from './demo';
import { Scheduler } from './clock/Scheduler';
import { GitRepository } from './git/GitRepository';
import { PullRequestStore } from './github/PullRequestStore';
import { PullRequestService } from './github/PullRequestService';
import { GitHubLinks } from './github/payloads';
import { seedRepository } from './seed/seedRepository';
import { ArgoInstance } from './argocd/ArgoInstance';
import { ApplicationEntry } from './argocd/ApplicationEntry';
import { ModeledApp } from './argocd/ModeledApp';
import { CANARY_STEPS } from './argocd/WorkloadState';
import { Reconciler, argoError } from './reconcile/Reconciler';
import { SyntheticApp } from './scale/SyntheticApp';
import { scaledInstances, syntheticAppsOf } from './scale/syntheticFleet';
import { HttpError } from './util/HttpError';
import {
  SandboxAppState,
  SandboxCounters,
  SandboxKnobs,
  SandboxState,
} from './admin/SandboxKnobs';

/** Options of {@link SandboxRuntime.open}. */
export interface RuntimeOptions {
  dir: string;
  baseUrl: string;
  speed: number;
  log: (line: string) => void;
  /** Start with the demo situation: ledger-staging drifted, one preview open. */
  demoState: boolean;
}

const REPO_FOLDER = 'gitops';
const PULLS_FILE = 'pulls.json';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything behind the sandbox's HTTP APIs: the git repository, the pull requests, the Argo CD
 * instances and their reconciler, the scale mode, and the knobs.
 */
export class SandboxRuntime implements SandboxKnobs {
  readonly scheduler: Scheduler;
  readonly links: GitHubLinks;
  readonly repo: GitRepository;
  readonly pulls: PullRequestService;
  readonly badDigests = new Set<string>();
  readonly githubCounters = new Map<string, number>();
  private instanceMap = new Map<string, ArgoInstance>();
  private reconcilerRef!: Reconciler;
  private scaleConfig: { instances: number; appsPerInstance: number } | null =
    null;
  private constructor(
    private readonly options: RuntimeOptions,
    store: PullRequestStore,
  ) {
    this.scheduler = new Scheduler(options.speed);
    this.links = new GitHubLinks(options.baseUrl);
    this.repo = new GitRepository(join(options.dir, REPO_FOLDER));
    this.pulls = new PullRequestService(this.repo, store, this.links, pull =>
      options.log(
        `pull request #${pull.number} merged into ${
          pull.baseRef
        } as ${pull.mergeCommitSha?.slice(0, 7)}`,
      ),
    );
  }

  /** The working repository on disk. */
  get repoDir(): string {
    return this.repo.dir;
  }

  get reconciler(): Reconciler {
    return this.reconcilerRef;
  }

  /**
   * Opens the sandbox in `dir`: reuses the repository and pull requests found there, or seeds
   * them; then loads the Argo CD state from the repository.
   */
  static async open(options: RuntimeOptions): Promise<SandboxRuntime> {
    await mkdir(options.dir, { recursive: true });
    const store = await PullRequestStore.load(join(options.dir, PULLS_FILE));
    const runtime = new SandboxRuntime(options, store);
    if (!(await exists(join(options.dir, REPO_FOLDER, '.git')))) {
      await runtime.seed();
    }
    await runtime.startArgo();
    return runtime;
  }

  private async seed() {
    const dir = join(this.options.dir, REPO_FOLDER);
    await rm(dir, { recursive: true, force: true });
    const pulls = await seedRepository(dir);
    await this.pulls.store.replaceAll(pulls);
    this.options.log(`seeded the GitOps repository in ${dir}`);
  }

  private createInstances(definitions: InstanceDefinition[]) {
    const map = new Map<string, ArgoInstance>();
    for (const d of definitions) {
      map.set(
        d.name,
        this.instanceMap.get(d.name) ??
          new ArgoInstance(d.name, d.environments),
      );
    }
    this.instanceMap = map;
  }

  private async startArgo() {
    this.createInstances(DEFAULT_INSTANCES);
    this.reconcilerRef = new Reconciler({
      repo: this.repo,
      instances: () => this.instances(),
      scheduler: this.scheduler,
      repoURL: this.links.cloneUrl,
      log: this.options.log,
      badDigests: this.badDigests,
    });
    await this.reconcilerRef.start();
    if (this.options.demoState) {
      // Someone scaled ledger in staging by hand: drift to show from the first page load.
      const ledger = this.reconcilerRef.findApp('ledger-staging');
      if (ledger?.applied) {
        ledger.liveReplicas = ledger.applied.spec.replicas + 1;
        ledger.workload!.generation += 1;
        this.instanceMap.get(ledger.instance)?.touch(ledger);
      }
      // An open pull request on gateway's code has its preview environment.
      const nonprod = this.instanceMap.get('nonprod');
      if (nonprod) {
        const preview = this.reconcilerRef.openPreview(nonprod, 'gateway', 128);
        this.reconcilerRef.deployNow(preview);
      }
    }
  }

  /** Every instance, the default ones first. */
  instances(): ArgoInstance[] {
    return [...this.instanceMap.values()];
  }

  instance(name: string): ArgoInstance | undefined {
    return this.instanceMap.get(name);
  }

  private requireInstance(name: string): ArgoInstance {
    const instance = this.instanceMap.get(name);
    if (!instance) {
      throw new HttpError(404, `no Argo CD instance "${name}"`);
    }
    return instance;
  }

  private requireApp(name: string, instance?: string): ModeledApp {
    const app = this.reconcilerRef.findApp(name, instance);
    if (!app) {
      const synthetic = this.instances().some(i => i.get(name));
      throw new HttpError(
        404,
        synthetic
          ? `${name} is a synthetic application of the scale mode; knobs act on the modeled ones`
          : `no application "${name}"`,
      );
    }
    return app;
  }

  /** Sync through the API or the knob: modeled apps run an operation, synthetic ones record it. */
  async syncApplication(
    instance: ArgoInstance,
    app: ApplicationEntry,
    request: { revision?: string; dryRun?: boolean },
  ): Promise<void> {
    if (app instanceof ModeledApp) {
      await this.reconcilerRef.requestSync(app, request, { username: 'admin' });
      return;
    }
    if (instance.syncWindow.active) {
      throw argoError(403, 7, 'cannot sync: blocked by sync window');
    }
    if (app instanceof SyntheticApp && !request.dryRun) {
      app.markSynced();
      instance.touch(app);
    }
  }

  /** Stops timers and polling (the HTTP server is closed by the caller). */
  stop(): void {
    this.reconcilerRef?.stop();
    this.scheduler.stop();
    for (const instance of this.instances()) {
      instance.abortWatchers();
    }
  }

  // ---- knobs ----

  async drift(options: {
    application: string;
    resource?: string;
    replicas: number;
  }): Promise<void> {
    const app = this.requireApp(options.application);
    const workload =
      app.target.strategy === 'rolling'
        ? `Deployment/${app.service}`
        : `Rollout/${app.service}`;
    if (options.resource && options.resource !== workload) {
      throw new HttpError(
        400,
        `only the workload's replicas can drift; ${app.name} has ${workload}`,
      );
    }
    this.reconcilerRef.drift(app, options.replicas);
  }

  async selfHeal(options: { application: string; enabled: boolean }) {
    this.reconcilerRef.setSelfHeal(
      this.requireApp(options.application),
      options.enabled,
    );
  }

  async badDigest(options: { digest: string; bad?: boolean }) {
    if (options.bad === false) {
      this.badDigests.delete(options.digest);
    } else {
      this.badDigests.add(options.digest);
    }
    this.options.log(
      `digest ${options.digest.slice(0, 19)}… marked ${
        options.bad === false ? 'good' : 'bad'
      }`,
    );
  }

  async syncWindow(options: { instance: string; active: boolean }) {
    const instance = this.requireInstance(options.instance);
    this.reconcilerRef.setSyncWindow(instance, options.active);
    this.options.log(
      `${instance.name}: sync window ${
        options.active ? 'active (freeze)' : 'closed'
      }`,
    );
  }

  async autoSync(options: {
    application?: string;
    instance?: string;
    enabled: boolean;
  }) {
    const apps = options.application
      ? [this.requireApp(options.application, options.instance)]
      : this.reconcilerRef
          .modeledApps()
          .filter(
            a => a.instance === this.requireInstance(options.instance!).name,
          );
    for (const app of apps) {
      this.reconcilerRef.setAutoSync(app, options.enabled);
    }
  }

  async stopInstance(name: string) {
    const instance = this.requireInstance(name);
    instance.stopped = true;
    instance.abortWatchers();
    this.options.log(`${name}: stopped (connections drop)`);
  }

  async startInstance(name: string) {
    this.requireInstance(name).stopped = false;
    this.options.log(`${name}: started`);
  }

  async latency(options: { instance?: string; ms: number }) {
    const targets = options.instance
      ? [this.requireInstance(options.instance)]
      : this.instances();
    for (const instance of targets) {
      instance.latencyMs = options.ms;
    }
  }

  async scale(options: { instances: number; appsPerInstance: number }) {
    for (const instance of this.instances()) {
      instance.clear(app => app instanceof SyntheticApp);
      instance.abortWatchers();
    }
    if (options.appsPerInstance === 0) {
      this.scaleConfig = null;
      this.createInstances(DEFAULT_INSTANCES);
      return;
    }
    const definitions = scaledInstances(
      DEFAULT_INSTANCES,
      Math.max(options.instances, 1),
    ).slice(0, Math.max(options.instances, DEFAULT_INSTANCES.length));
    this.createInstances(definitions);
    definitions.forEach((definition, index) => {
      this.instanceMap.get(definition.name)!.addSilently(
        syntheticAppsOf({
          instanceIndex: index,
          instanceCount: definitions.length,
          instance: definition,
          appsPerInstance: options.appsPerInstance,
          repoURL: this.links.cloneUrl,
        }),
      );
    });
    this.scaleConfig = { ...options };
    this.options.log(
      `scale: ${definitions.length} instances × ${options.appsPerInstance} synthetic applications`,
    );
  }

  async reset() {
    this.reconcilerRef.stop();
    this.scheduler.cancelAll();
    this.badDigests.clear();
    this.scaleConfig = null;
    for (const instance of this.instances()) {
      instance.abortWatchers();
    }
    this.instanceMap = new Map();
    await this.seed();
    this.githubCounters.clear();
    await this.startArgo();
    this.options.log('reset to the seeded state');
  }

  async mergePull(number: number): Promise<{ sha: string }> {
    const pull = await this.pulls.merge(number, { user: 'rita' });
    await this.reconcilerRef.refresh();
    return { sha: pull.mergeCommitSha! };
  }

  async closePull(number: number) {
    await this.pulls.update(number, { state: 'closed' });
  }

  async preview(options: { service: string; number: number; open: boolean }) {
    const instance = this.instances().find(i => i.environments.includes('dev'));
    if (!instance) throw new HttpError(404, 'no instance deploys to dev');
    if (options.open) {
      this.reconcilerRef.openPreview(instance, options.service, options.number);
    } else if (
      !this.reconcilerRef.closePreview(
        instance,
        options.service,
        options.number,
      )
    ) {
      throw new HttpError(
        404,
        `no preview ${options.service}-preview-pr-${options.number}`,
      );
    }
  }

  async sync(options: { instance?: string; application: string }) {
    const app = this.requireApp(options.application, options.instance);
    await this.syncApplication(this.requireInstance(app.instance), app, {});
  }

  counters(): SandboxCounters {
    const out: SandboxCounters = {
      github: Object.fromEntries(this.githubCounters),
    };
    for (const instance of this.instances()) {
      out[instance.name] = Object.fromEntries(instance.counters);
    }
    return out;
  }

  resetCounters(): void {
    this.githubCounters.clear();
    for (const instance of this.instances()) {
      instance.counters.clear();
    }
  }

  async state(): Promise<SandboxState> {
    return {
      url: this.options.baseUrl,
      speed: this.options.speed,
      repoDir: this.repo.dir,
      head: this.reconcilerRef.headRevision,
      badDigests: [...this.badDigests],
      instances: this.instances().map(instance => ({
        name: instance.name,
        environments: instance.environments,
        stopped: instance.stopped,
        latencyMs: instance.latencyMs,
        syncWindowActive: instance.syncWindow.active,
        applicationCount: instance.size,
        watchers: instance.watcherCount,
        applications: instance
          .list()
          .filter((a): a is ModeledApp => a instanceof ModeledApp)
          .map(appState),
      })),
      pulls: this.pulls.store.list().map(p => ({
        number: p.number,
        title: p.title,
        state: p.state,
        merged: p.merged,
        head: `${REPO_OWNER}:${p.headRef}`,
        base: p.baseRef,
        url: `${this.links.repoHtml}/pull/${p.number}`,
      })),
      scale: this.scaleConfig,
    };
  }

  /** Counts a call of the GitHub API. */
  countGitHub(endpoint: string): void {
    this.githubCounters.set(
      endpoint,
      (this.githubCounters.get(endpoint) ?? 0) + 1,
    );
  }

  /** The user the sandbox's GitHub token belongs to. */
  get githubUser(): string {
    return BOT_LOGIN;
  }
}

function appState(app: ModeledApp): SandboxAppState {
  const w = app.workload;
  let rollout: string | undefined;
  if (w?.updating) {
    rollout =
      w.strategy === 'canary'
        ? `canary ${w.phase} step ${w.stepIndex}/${CANARY_STEPS.length}`
        : `${w.strategy} ${w.phase}`;
  } else if (w && w.phase !== 'Healthy') {
    rollout = `${w.strategy} ${w.phase}`;
  }
  return {
    name: app.name,
    sync: app.syncStatus(),
    health: app.health.status,
    digest: w?.stable.digest,
    rollout,
    operation: app.runningOperation ? 'Running' : app.lastOperation?.phase,
    automated: app.automated,
    selfHeal: app.selfHeal,
  };
}
