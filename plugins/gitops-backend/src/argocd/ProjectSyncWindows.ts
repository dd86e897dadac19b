import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SyncWindowsSummary } from '@gitops-portal/plugin-gitops-common';
import type { ApplicationIndex } from './ApplicationIndex';
import type { ArgoCdClient } from './ArgoCdClient';
import type { IndexedApplication } from './IndexedApplication';
import {
  type ProjectSyncWindow,
  syncWindowsOfApplication,
} from './syncWindowsOfApplication';

/** What is known of one instance's projects. */
interface InstanceProjects {
  /** When the last read (successful or not) finished, in ms since the epoch. */
  checkedAt: number;
  /** When the projects below were read, in ms since the epoch. */
  readAt: number;
  /** Each readable project's windows; a project missing here is not known. */
  projects: Map<string, ProjectSyncWindow[]>;
}

/**
 * The sync windows of every instance's AppProjects, so that an application's windows come from
 * memory instead of one `syncwindows` call per application: sync windows belong to projects,
 * and an instance has a handful of projects for thousands of applications.
 *
 * Per instance, a read lists the projects (`GET /api/v1/projects`) and, for each project that
 * declares windows, asks Argo CD which are active now (`GET /api/v1/projects/{name}/syncwindows`),
 * so the schedule and time zone arithmetic stays Argo CD's; which windows apply to an
 * application is worked out here ({@link syncWindowsOfApplication}). Reads are refreshed in the
 * background once older than the TTL (windows open and close on a schedule), one at a time per
 * instance, and not while the index knows the instance is failing.
 *
 * An application whose project could not be read (not listed for this token, or its windows
 * call failed) is not answered here: the caller asks the per-application endpoint instead.
 *
 * @public
 */
export class ProjectSyncWindows {
  private readonly index: ApplicationIndex;
  private readonly logger: LoggerService;
  private readonly ttlMs: number;
  private readonly keepMs: number;
  private readonly instances = new Map<string, InstanceProjects>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(options: {
    index: ApplicationIndex;
    logger: LoggerService;
    /** How long a read is fresh. Default 30 s. */
    ttlMs?: number;
    /** How long the last successful read is used while reads fail. Default 10 min. */
    keepMs?: number;
  }) {
    this.index = options.index;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.keepMs = options.keepMs ?? 10 * 60_000;
  }

  /**
   * The application's sync windows from its project, or `undefined` when its project's
   * windows are not known (yet). Starts a background refresh when the read is stale.
   */
  forApplication(app: IndexedApplication): SyncWindowsSummary | undefined {
    const known = this.instances.get(app.instance);
    const now = Date.now();
    if (!known || now - known.checkedAt >= this.ttlMs) {
      void this.refresh(app.instance);
    }
    if (!known || now - known.readAt >= this.keepMs) return undefined;
    const windows = known.projects.get(app.project);
    return windows ? syncWindowsOfApplication(windows, app) : undefined;
  }

  /** Reads every instance's projects (at start, so that first views need no call). */
  async refreshAll(): Promise<void> {
    await Promise.all(
      this.index.instanceNames().map(instance => this.refresh(instance)),
    );
  }

  /** Settles when no read is running (tests, benchmarks). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled(Array.from(this.inFlight.values()));
    }
  }

  /** Reads one instance's projects once for all concurrent callers; never throws. */
  refresh(instance: string): Promise<void> {
    const pending = this.inFlight.get(instance);
    if (pending) return pending;
    const client = this.index.client(instance);
    if (!client || this.index.instanceState(instance)?.error) {
      return Promise.resolve();
    }
    const read = this.read(client)
      .then(projects => {
        const now = Date.now();
        this.instances.set(instance, { checkedAt: now, readAt: now, projects });
      })
      .catch(e => {
        this.logger.debug(
          `Could not read the sync windows of the projects of ${instance}: ${e}`,
        );
        const known = this.instances.get(instance);
        this.instances.set(instance, {
          checkedAt: Date.now(),
          readAt: known?.readAt ?? 0,
          projects: known?.projects ?? new Map(),
        });
      })
      .finally(() => this.inFlight.delete(instance));
    this.inFlight.set(instance, read);
    return read;
  }

  private async read(
    client: ArgoCdClient,
  ): Promise<Map<string, ProjectSyncWindow[]>> {
    const list = await client.listProjects();
    const projects = new Map<string, ProjectSyncWindow[]>();
    await Promise.all(
      (list.items ?? []).map(async project => {
        const declared = project.spec?.syncWindows ?? [];
        if (declared.length === 0) {
          projects.set(project.metadata.name, []);
          return;
        }
        try {
          const answer = await client.getProjectSyncWindows(
            project.metadata.name,
          );
          const active = new Set((answer.windows ?? []).map(identity));
          projects.set(
            project.metadata.name,
            declared.map(window => ({
              window,
              active: active.has(identity(window)),
            })),
          );
        } catch (e) {
          // Left unknown: its applications fall back to the per-application endpoint.
          this.logger.debug(
            `Could not read the active sync windows of project ${project.metadata.name} on ${client.name}: ${e}`,
          );
        }
      }),
    );
    return projects;
  }
}

/** What tells two windows apart (Argo CD returns the project's own window objects). */
function identity(window: ProjectSyncWindow['window']): string {
  return JSON.stringify([
    window.kind ?? null,
    window.schedule ?? null,
    window.duration ?? null,
    window.applications ?? [],
    window.namespaces ?? [],
    window.clusters ?? [],
    window.timeZone ?? null,
    window.manualSync ?? false,
    window.andOperator ?? false,
  ]);
}
