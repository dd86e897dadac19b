import type { HttpClient } from './HttpClient';
import {
  type AppFingerprint,
  type BenchEntity,
  type EntityView,
  type PassedThroughApplication,
  type ViewResult,
  ViewRecorder,
  fingerprintOf,
} from './types';

const BASE = '/api/argocd';

interface FoundInstance {
  name: string;
  url: string;
  appName: string[];
}

/**
 * The entity view of `@roadiehq/backstage-plugin-argo-cd@2.12.5` in backend mode
 * (`argocd.appLocatorMethods` set) for an `argocd/app-selector` entity: its README puts
 * `EntityArgoCDHistoryCard` on the entity page. From `dist/components/useAppDetails.esm.js`,
 * `ArgoCDHistoryCard.esm.js` and `dist/api/index.esm.js`:
 *
 * 1. `GET /find/selector/{selector}` (the backend asks every instance);
 * 2. for each instance found, in parallel, `GET /argoInstance/{i}/applications/selector/{selector}`;
 * 3. for every history row of every application (newest first, `slice(0, revisionsToLoad)`
 *    with the default -1, i.e. all rows but the oldest; Helm-chart rows skipped), in parallel,
 *    `GET /argoInstance/{i}/applications/name/{app}/revisions/{revision}/metadata`.
 */
export class RoadieView implements EntityView {
  readonly requests = [
    'GET /api/argocd/find/selector/{selector}',
    'GET /api/argocd/argoInstance/{instance}/applications/selector/{selector} × instances found',
    'GET /api/argocd/argoInstance/{instance}/applications/name/{app}/revisions/{revision}/metadata × history rows',
  ];
  readonly sessionRequests: string[] = [];

  constructor(private readonly client: HttpClient) {}

  async prepare(): Promise<void> {}

  private async applications(
    recorder: ViewRecorder,
    entity: BenchEntity,
  ): Promise<PassedThroughApplication[]> {
    const selector = encodeURIComponent(entity.selector);
    const found =
      (await recorder.get<FoundInstance[]>(
        'find',
        `${BASE}/find/selector/${selector}`,
      )) ?? [];
    const lists = await Promise.all(
      found.map(instance =>
        recorder.get<{ items?: PassedThroughApplication[] | null }>(
          'list',
          `${BASE}/argoInstance/${instance.name}/applications/selector/${selector}`,
        ),
      ),
    );
    return lists.flatMap(list => list?.items ?? []).filter(Boolean);
  }

  async render(entity: BenchEntity): Promise<ViewResult> {
    const recorder = new ViewRecorder(this.client);
    const apps = await this.applications(recorder, entity);
    recorder.markStatus();
    const revisionsToLoad = -1; // `argocd.revisionsToLoad` unset
    const rows = apps
      .filter(app => app.status?.history)
      .flatMap(app =>
        [...app.status!.history!]
          .sort(
            (a, b) =>
              new Date(b.deployedAt || '').valueOf() -
              new Date(a.deployedAt || '').valueOf(),
          )
          .slice(0, revisionsToLoad)
          .map(entry => ({ app, entry })),
      );
    await Promise.all(
      rows.map(async ({ app, entry }) => {
        const source = entry.sources ? entry.sources[0] : entry.source;
        const revision = entry.sources ? entry.revisions?.[0] : entry.revision;
        if (source?.chart !== undefined || !revision) return;
        const instance = fingerprintOf(app, '').instance;
        await recorder.get(
          'revision',
          `${BASE}/argoInstance/${instance}/applications/name/${encodeURIComponent(
            app.metadata.name,
          )}/revisions/${encodeURIComponent(revision)}/metadata`,
        );
      }),
    );
    return recorder.finish(apps.map(app => fingerprintOf(app, '')));
  }

  async readState(entity: BenchEntity): Promise<AppFingerprint[]> {
    const recorder = new ViewRecorder(this.client);
    const apps = await this.applications(recorder, entity);
    return apps.map(app => fingerprintOf(app, ''));
  }
}
