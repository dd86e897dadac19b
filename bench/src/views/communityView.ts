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

const BASE = '/api/backstage-community-argocd';

/**
 * The entity view of `@backstage-community/plugin-argocd@3.1.0` (the "CD" tab its README adds:
 * `ArgocdDeploymentLifecycle`) for an entity with `argocd/app-selector` and, as the README
 * advises "for better performance", `argocd/instance-name` listing the instances that hold
 * its applications. From `dist/hooks/useApplications.esm.js`,
 * `dist/api/ArgoCDInstanceApiClient.esm.js`, `dist/api/ArgoCDApiClient.esm.js`,
 * `dist/utils/utils.esm.js` and `DeploymentLifecycle.esm.js`:
 *
 * - once per session: `GET /check` (which backend is installed);
 * 1. for each named instance, in parallel,
 *    `GET /argoInstance/{i}/applications/selector/{selector}?selector={selector}` (the selector
 *    is URL-encoded once in the path and twice in the query, as the client does);
 * 2. for every distinct revision in the applications' histories (Helm charts skipped), in
 *    parallel, `GET /argoInstance/{i}/applications/name/{app}/revisions/{revision}/metadata`.
 *
 * The tab then re-polls step 1 every `argocd.refreshInterval` (default 10 s).
 */
export class CommunityView implements EntityView {
  readonly requests = [
    'GET /api/backstage-community-argocd/argoInstance/{instance}/applications/selector/{selector} × instances named',
    'GET /api/backstage-community-argocd/argoInstance/{instance}/applications/name/{app}/revisions/{revision}/metadata × distinct revisions',
  ];
  readonly sessionRequests = ['GET /api/backstage-community-argocd/check'];

  constructor(private readonly client: HttpClient) {}

  async prepare(): Promise<void> {
    const answer = await this.client.get(`${BASE}/check`);
    if (answer.status !== 200 || answer.body !== 'OK') {
      throw new Error(
        `community backend: GET ${BASE}/check answered ${answer.status}`,
      );
    }
  }

  private async applications(
    recorder: ViewRecorder,
    entity: BenchEntity,
  ): Promise<PassedThroughApplication[]> {
    const selector = encodeURIComponent(entity.selector);
    const query = `?selector=${encodeURIComponent(selector)}`;
    const lists = await Promise.all(
      entity.instances.map(async instance => {
        const list = await recorder.get<{
          items?: PassedThroughApplication[] | null;
        }>(
          'list',
          `${BASE}/argoInstance/${instance}/applications/selector/${selector}${query}`,
        );
        return (list?.items ?? []).map(app => {
          if (typeof app.metadata.instance !== 'object') {
            app.metadata.instance = { name: instance };
          }
          return app;
        });
      }),
    );
    return lists.flat();
  }

  async render(entity: BenchEntity): Promise<ViewResult> {
    const recorder = new ViewRecorder(this.client);
    const apps = await this.applications(recorder, entity);
    recorder.markStatus();
    const revisions = uniqueRevisions(apps);
    await Promise.all(
      revisions.map(async revision => {
        const app = apps.find(a =>
          a.status?.history?.some(h => h.revision === revision),
        );
        if (!app) return;
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

/** `getUniqueRevisions` of the community frontend, for single-source applications. */
function uniqueRevisions(apps: PassedThroughApplication[]): string[] {
  const out = new Set<string>();
  for (const app of apps) {
    const helm =
      !!app.spec?.source?.chart || !!app.spec?.sources?.some(s => !!s.chart);
    for (const entry of app.status?.history ?? []) {
      if (entry.revisions) {
        entry.revisions
          .filter(
            (_, i) => !(entry.sources?.[i] ?? app.spec?.sources?.[i])?.chart,
          )
          .forEach(r => out.add(r));
      }
      if (entry.revision && !helm) out.add(entry.revision);
    }
  }
  return [...out].filter(Boolean);
}
