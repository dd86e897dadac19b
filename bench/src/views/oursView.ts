import {
  type EntityGitOpsStatus,
  GITOPS_ROUTES,
  type GitOpsEntityRoute,
  gitopsEntityPath,
  type TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import type { HttpClient } from './HttpClient';
import {
  type AppFingerprint,
  type BenchEntity,
  type EntityView,
  type ViewResult,
  ViewRecorder,
} from './types';

const BASE = '/api/gitops';
const INCLUDE_CHANGES = '?include=changes';
/** How long a view waits for details that the first answer lacked. */
const COMPLETE_TIMEOUT_MS = 10_000;

function entityPath(
  entity: BenchEntity,
  route: GitOpsEntityRoute,
  query = '',
): string {
  const ref = { kind: 'component', namespace: 'default', name: entity.name };
  return `${BASE}${gitopsEntityPath(ref, route)}${query}`;
}

/** The fingerprints of every target and preview of a status. */
export function fingerprintsOfStatus(
  status: EntityGitOpsStatus | undefined,
): AppFingerprint[] {
  if (!status) return [];
  const targets: TargetStatus[] = [
    ...status.environments.flatMap(e => e.targets),
    ...status.previews,
  ];
  return targets.map(t => ({
    instance: t.instance,
    name: t.application.name,
    sync: t.sync.status,
    revision: t.sync.revision,
    health: t.health.status,
  }));
}

/**
 * The GitOps tab of our frontend (`GitOpsContent`), first render, for what it shows of Argo
 * CD and of the pending changes:
 *
 * - once per session: `GET /v1/config`;
 * 1. `GET /v1/entities/{ref}/status?include=changes` (the status stream's first load, with the
 *    pending changes); against a backend without `include=changes`, the status and
 *    `GET /v1/promotions?entityRef=` in parallel, as the page did before;
 * 2. when the status lacks details read in the background (sync windows), the page's
 *    `GET /v1/entities/{ref}/events` stream until the event that brings them.
 *
 * The tab's deployment timeline (`GET /v1/entities/{ref}/history?environment=`, read from the
 * GitOps repository, no Argo CD call) is timed on its own ({@link OursView.renderTimeline}), and
 * the promote/rollback buttons' dry runs (gate checks) are not part of the view.
 */
export class OursView implements EntityView {
  readonly sessionRequests = ['GET /api/gitops/v1/config'];
  /** Where the view reads the pending changes from (probed by `prepare`). */
  private changesFrom: 'status' | 'promotions' | 'nowhere' = 'nowhere';
  private includeHistory = false;
  /** Optional requests the backend does not serve, with the probe's answer. */
  readonly excluded: string[] = [];

  constructor(private readonly client: HttpClient) {}

  get requests(): string[] {
    return [
      `GET /api/gitops/v1/entities/default/component/{name}/status${this.changesQuery}`,
      ...(this.changesFrom === 'promotions'
        ? ['GET /api/gitops/v1/promotions?entityRef={ref} (parallel to status)']
        : []),
      `GET /api/gitops/v1/entities/default/component/{name}/events${this.changesQuery} until the event with the details, when the status lacked them`,
      ...(this.includeHistory
        ? [
            'timed apart, not in the view: GET /api/gitops/v1/entities/default/component/{name}/history?environment={first} (deployment timeline, from git)',
          ]
        : []),
    ];
  }

  async prepare(sample: BenchEntity): Promise<void> {
    const config = await this.client.get(`${BASE}${GITOPS_ROUTES.config}`);
    if (config.status !== 200) {
      throw new Error(
        `our backend: GET ${BASE}${GITOPS_ROUTES.config} answered ${config.status}`,
      );
    }
    const status = await this.client.get<EntityGitOpsStatus>(
      entityPath(sample, 'status'),
    );
    if (status.status !== 200) {
      throw new Error(
        `our backend: GET status of ${sample.name} answered ${status.status}`,
      );
    }
    const withChanges = await this.client.get<EntityGitOpsStatus>(
      entityPath(sample, 'status', INCLUDE_CHANGES),
    );
    if (withChanges.status === 200 && Array.isArray(withChanges.body.changes)) {
      this.changesFrom = 'status';
    } else {
      const promotions = await this.client.get(this.promotionsPath(sample));
      if (promotions.status === 200) this.changesFrom = 'promotions';
      else
        this.excluded.push(`GET /v1/promotions answered ${promotions.status}`);
    }
    const environment = firstEnvironment(status.body);
    if (environment) {
      const history = await this.client.get(
        this.historyPath(sample, environment),
      );
      this.includeHistory = history.status === 200;
      if (!this.includeHistory) {
        this.excluded.push(`GET .../history answered ${history.status}`);
      }
    }
  }

  /** The query that brings the changes with the status and its events, when served. */
  private get changesQuery(): string {
    return this.changesFrom === 'status' ? INCLUDE_CHANGES : '';
  }

  private promotionsPath(entity: BenchEntity): string {
    return `${BASE}${GITOPS_ROUTES.promotions}?entityRef=${encodeURIComponent(
      `component:default/${entity.name}`,
    )}`;
  }

  private historyPath(entity: BenchEntity, environment: string): string {
    return `${entityPath(entity, 'history')}?environment=${encodeURIComponent(
      environment,
    )}`;
  }

  async render(entity: BenchEntity): Promise<ViewResult> {
    const recorder = new ViewRecorder(this.client);
    const loadStatus = async () => {
      const status = await recorder.get<EntityGitOpsStatus>(
        'status',
        entityPath(entity, 'status', this.changesQuery),
      );
      recorder.markStatus();
      return status;
    };
    let [status] = await Promise.all([
      loadStatus(),
      this.changesFrom === 'promotions'
        ? recorder.get('promotions', this.promotionsPath(entity))
        : Promise.resolve(undefined),
    ]);
    let completedLater = false;
    if (status && !isComplete(status)) {
      // Details read in the background (sync windows) arrive on the event stream, which the
      // page opens after the first status anyway: all data is there when that event is.
      completedLater = true;
      const complete = await recorder.time('events', () =>
        this.waitForComplete(entity),
      );
      if (complete) status = complete;
      else recorder.failedRequests += 1;
    }
    return { ...recorder.finish(fingerprintsOfStatus(status)), completedLater };
  }

  /** The first status event whose details are all there (undefined after the timeout). */
  private async waitForComplete(
    entity: BenchEntity,
  ): Promise<EntityGitOpsStatus | undefined> {
    let resolve: (status: EntityGitOpsStatus | undefined) => void = () => {};
    const done = new Promise<EntityGitOpsStatus | undefined>(r => {
      resolve = r;
    });
    const timer = setTimeout(() => resolve(undefined), COMPLETE_TIMEOUT_MS);
    let stream: { close: () => void } | undefined;
    try {
      stream = await this.client.events(
        entityPath(entity, 'events', this.changesQuery),
        event => {
          if (event.event !== 'status') return;
          try {
            const status: EntityGitOpsStatus = JSON.parse(event.data);
            if (isComplete(status)) resolve(status);
          } catch {
            // a malformed event is not the answer
          }
        },
      );
      return await done;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      stream?.close();
    }
  }

  /** True when the backend serves the deployment timeline (probed by `prepare`). */
  get servesTimeline(): boolean {
    return this.includeHistory;
  }

  /**
   * The deployment timeline of the entity's first environment, as the tab loads it after the
   * status: `GET status` (the environment's name), then `GET history?environment=`; the time
   * is that of the history request.
   */
  async renderTimeline(entity: BenchEntity): Promise<ViewResult> {
    const status = await new ViewRecorder(this.client).get<EntityGitOpsStatus>(
      'status',
      entityPath(entity, 'status'),
    );
    const recorder = new ViewRecorder(this.client);
    const environment = firstEnvironment(status);
    if (environment) {
      await recorder.get('history', this.historyPath(entity, environment));
    }
    return recorder.finish(fingerprintsOfStatus(status));
  }

  async readState(entity: BenchEntity): Promise<AppFingerprint[]> {
    const recorder = new ViewRecorder(this.client);
    return fingerprintsOfStatus(
      await recorder.get<EntityGitOpsStatus>(
        'status',
        entityPath(entity, 'status'),
      ),
    );
  }

  /** Follows the entity's server-sent status events. */
  async followEvents(
    entity: BenchEntity,
    onStatus: (apps: AppFingerprint[]) => void,
  ): Promise<{ close: () => void }> {
    return this.client.events(entityPath(entity, 'events'), event => {
      if (event.event !== 'status') return;
      try {
        onStatus(fingerprintsOfStatus(JSON.parse(event.data)));
      } catch {
        // a malformed event is not a change
      }
    });
  }
}

/** True when every target carries its details (the status contract's `detailsLoading`). */
export function isComplete(status: EntityGitOpsStatus): boolean {
  return [
    ...status.environments.flatMap(e => e.targets),
    ...status.previews,
  ].every(t => !t.detailsLoading);
}

/** The first named environment of a status (the timeline's default tab). */
function firstEnvironment(
  status: EntityGitOpsStatus | undefined,
): string | undefined {
  return status?.environments.find(e => e.name !== null)?.name ?? undefined;
}
