import { randomBytes, createHmac } from 'node:crypto';
import type {
  ArgoAppProject,
  ArgoApplication,
  ArgoProjectSyncWindowsResponse,
  ArgoSyncWindow,
  ArgoSyncWindowsResponse,
  ArgoWatchEventType,
} from '@gitops-portal/plugin-gitops-node';
import { ARGO_NAMESPACE, ARGO_PROJECT, argocdTokenOf } from '../demo';
import { ApplicationEntry } from './ApplicationEntry';

/** A subscriber of the instance's application events (one open watch stream). */
export interface ApplicationWatcher {
  matches(app: ApplicationEntry): boolean;
  send(type: ArgoWatchEventType, application: ArgoApplication): void;
  /** Ends the stream abruptly (the instance stopped). */
  abort(): void;
}

/** The deny window of the `shop` project (the prod weekend freeze). */
export const FREEZE_WINDOW: ArgoSyncWindow = {
  kind: 'deny',
  schedule: '0 18 * * 5',
  duration: '62h',
  manualSync: false,
};

/**
 * The freeze as the `shop` AppProject declares it on instances that hold prod: it applies to
 * every application there, and is active while the sandbox's knob says so (not by the clock,
 * so that demos and tests decide when it is the weekend).
 */
const FREEZE_PROJECT_WINDOW = {
  ...FREEZE_WINDOW,
  clusters: ['*'],
  timeZone: 'Europe/Berlin',
  description:
    'Weekend freeze on prod (the sandbox knob decides when it is active)',
};

function byName(a: ApplicationEntry, b: ApplicationEntry): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/**
 * One Argo CD instance of the sandbox: its applications keyed by name, a resource version that
 * grows with every change, the watch streams, its credentials, the freeze, and the knobs that
 * make it misbehave (stopped, latency) with per-endpoint call counters.
 */
export class ArgoInstance {
  readonly token: string;
  private readonly apps = new Map<string, ApplicationEntry>();
  private readonly watchers = new Set<ApplicationWatcher>();
  private readonly sessions = new Set<string>();
  private readonly sessionKey = randomBytes(32);
  private version = 0;
  /** While true the API drops every connection, like a server that is down. */
  stopped = false;
  /** Added before every answer of this instance, in milliseconds. */
  latencyMs = 0;
  /** Sync window state: assigned to this instance's apps, and currently denying syncs. */
  readonly syncWindow: { assigned: boolean; active: boolean };
  readonly counters = new Map<string, number>();

  constructor(readonly name: string, readonly environments: string[]) {
    this.token = argocdTokenOf(name);
    this.syncWindow = {
      assigned: environments.includes('prod'),
      active: false,
    };
  }

  /** The newest resource version of the instance. */
  currentVersion(): number {
    return this.version;
  }

  get(name: string): ApplicationEntry | undefined {
    return this.apps.get(name);
  }

  /** Every application, sorted by name (as Argo CD's list). */
  list(): ApplicationEntry[] {
    return [...this.apps.values()].sort(byName);
  }

  get size(): number {
    return this.apps.size;
  }

  /** Adds an application and announces it (ADDED). */
  add(app: ApplicationEntry): void {
    this.apps.set(app.name, app);
    app.resourceVersion = ++this.version;
    app.afterChange?.();
    this.broadcast('ADDED', app);
  }

  /** Records a change of an application and announces it (MODIFIED). */
  touch(app: ApplicationEntry): void {
    if (this.apps.get(app.name) !== app) {
      return;
    }
    app.resourceVersion = ++this.version;
    app.afterChange?.();
    this.broadcast('MODIFIED', app);
  }

  /** Removes an application and announces it (DELETED). */
  remove(name: string): void {
    const app = this.apps.get(name);
    if (!app) return;
    this.apps.delete(name);
    this.version += 1;
    this.broadcast('DELETED', app);
  }

  /** Removes every application without events (reset, scale). */
  clear(filter: (app: ApplicationEntry) => boolean = () => true): void {
    for (const [name, app] of this.apps) {
      if (filter(app)) {
        this.apps.delete(name);
      }
    }
    this.version += 1;
  }

  /** Adds many applications without events (scale mode; watchers re-list). */
  addSilently(apps: Iterable<ApplicationEntry>): void {
    for (const app of apps) {
      app.resourceVersion = ++this.version;
      this.apps.set(app.name, app);
    }
  }

  subscribe(watcher: ApplicationWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Ends every open watch stream abruptly. */
  abortWatchers(): void {
    for (const watcher of this.watchers) {
      watcher.abort();
    }
    this.watchers.clear();
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  private broadcast(type: ArgoWatchEventType, app: ApplicationEntry) {
    if (this.watchers.size === 0) return;
    let rendered: ArgoApplication | undefined;
    for (const watcher of this.watchers) {
      if (watcher.matches(app)) {
        rendered ??= app.toApplication({ resourceHealth: true });
        watcher.send(type, rendered);
      }
    }
  }

  /** A JWT-shaped session token for `POST /api/v1/session`. */
  issueSession(username: string): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url(
      JSON.stringify({
        iss: 'argocd',
        sub: username,
        nbf: now,
        iat: now,
        exp: now + 24 * 3600,
        jti: randomBytes(16).toString('hex'),
      }),
    );
    const signature = createHmac('sha256', this.sessionKey)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.sessions.add(token);
    return token;
  }

  /** True for the instance's static token or a session it issued. */
  accepts(token: string | undefined): boolean {
    return !!token && (token === this.token || this.sessions.has(token));
  }

  count(endpoint: string): void {
    this.counters.set(endpoint, (this.counters.get(endpoint) ?? 0) + 1);
  }

  /** The instance's AppProjects: Argo CD's `default` and the projects of its applications. */
  projects(): ArgoAppProject[] {
    const names = new Set(['default', ARGO_PROJECT]);
    for (const app of this.apps.values()) names.add(app.project);
    return [...names].sort().map(name => ({
      metadata: { name, namespace: ARGO_NAMESPACE },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        syncWindows:
          name === ARGO_PROJECT && this.syncWindow.assigned
            ? [FREEZE_PROJECT_WINDOW]
            : [],
      },
    }));
  }

  /** `GET /api/v1/projects/{name}/syncwindows`, or undefined for an unknown project. */
  projectSyncWindows(name: string): ArgoProjectSyncWindowsResponse | undefined {
    const project = this.projects().find(p => p.metadata.name === name);
    if (!project) return undefined;
    return {
      windows: this.syncWindow.active ? project.spec.syncWindows ?? [] : [],
    };
  }

  syncWindows(): ArgoSyncWindowsResponse {
    return {
      activeWindows: this.syncWindow.active ? [FREEZE_WINDOW] : [],
      assignedWindows: this.syncWindow.assigned ? [FREEZE_WINDOW] : [],
      canSync: !this.syncWindow.active,
    };
  }
}
