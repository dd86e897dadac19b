import type {
  ArgoApplication,
  ArgoApplicationList,
  ArgoApplicationWatchChunk,
  ArgoRevisionMetadata,
  ArgoRollout,
  ArgoSyncWindowsResponse,
} from '@gitops-portal/plugin-gitops-node';
import { Sandbox, startSandbox } from '../startSandbox';
import { http, waitFor } from '../testing/helpers';
import {
  checkApplication,
  checkManagedResources,
  checkTree,
} from '../testing/argoShapes';

/** Reads newline-delimited JSON chunks from a watch stream. */
async function openWatch(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const chunks: ArgoApplicationWatchChunk[] = [];
  const reader = response.body!.getReader();
  let buffer = '';
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buffer += Buffer.from(value).toString('utf8');
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          chunks.push(JSON.parse(buffer.slice(0, newline)));
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    chunks,
    async close() {
      controller.abort();
      await done;
    },
  };
}

jest.setTimeout(30000);

describe('Argo CD-compatible API', () => {
  let sandbox: Sandbox;
  let nonprod: { url: string; token: string };
  let prod: { url: string; token: string };
  const get = (instance: { url: string; token: string }, path: string) =>
    http(`${instance.url}${path}`, {
      headers: { Authorization: `Bearer ${instance.token}` },
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 40 });
    nonprod = sandbox.argocd.find(i => i.name === 'nonprod')!;
    prod = sandbox.argocd.find(i => i.name === 'prod')!;
  });
  afterAll(() => sandbox.stop());

  it('requires a bearer token of that instance or a session, answering 401 runtimeErrors', async () => {
    const none = await http(`${nonprod.url}/api/v1/applications`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: 'no session information',
      code: 16,
      message: 'no session information',
    });
    const wrong = await http(`${prod.url}/api/v1/applications`, {
      headers: { Authorization: `Bearer ${nonprod.token}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe(16);

    const badLogin = await http(`${prod.url}/api/v1/session`, {
      method: 'POST',
      body: { username: 'admin', password: 'nope' },
    });
    expect(badLogin.status).toBe(401);
    const login = await http(`${prod.url}/api/v1/session`, {
      method: 'POST',
      body: { username: 'admin', password: 'sandbox-admin-password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.token.split('.')).toHaveLength(3);
    const withSession = await http(`${prod.url}/api/v1/applications`, {
      headers: { Authorization: `Bearer ${login.body.token}` },
    });
    expect(withSession.status).toBe(200);
    const cookie = await http(`${prod.url}/api/v1/applications`, {
      headers: { Cookie: `argocd.token=${login.body.token}` },
    });
    expect(cookie.status).toBe(200);
    expect((await get(nonprod, '/api/v1/nothing')).body.code).toBe(5);
  });

  it('serves the metadata of a revision from the git history, 404 for an unknown one', async () => {
    const app = (await get(nonprod, '/api/v1/applications/gateway-dev'))
      .body as ArgoApplication;
    const revision = app.status!.sync.revision!;
    const res = await get(
      nonprod,
      `/api/v1/applications/gateway-dev/revisions/${revision}/metadata`,
    );
    expect(res.status).toBe(200);
    const metadata: ArgoRevisionMetadata = res.body;
    expect(metadata.author).toMatch(/^.+ <.+@.+>$/);
    expect(Date.parse(metadata.date!)).not.toBeNaN();
    expect(metadata.message).toEqual(expect.any(String));
    expect(metadata.tags).toEqual([]);
    const missing = await get(
      nonprod,
      `/api/v1/applications/gateway-dev/revisions/${'0'.repeat(40)}/metadata`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
  });

  it('lists the applications of each instance in Argo CD 3.x shapes', async () => {
    const res = await get(nonprod, '/api/v1/applications');
    expect(res.status).toBe(200);
    const list: ArgoApplicationList = res.body;
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    const names = list.items!.map(a => a.metadata.name);
    expect(names).toEqual([
      'gateway-dev',
      'gateway-preview-pr-128',
      'gateway-staging',
      'ledger-dev',
      'ledger-staging',
      'web-dev',
      'web-staging',
    ]);
    for (const item of list.items!) {
      checkApplication(item);
      // Argo CD 3.x: no per-resource health in lists
      expect(item.status!.resources!.every(r => r.health === undefined)).toBe(
        true,
      );
    }
    const gateway = list.items!.find(
      a => a.metadata.name === 'gateway-staging',
    )!;
    expect(gateway.spec).toEqual({
      project: 'shop',
      source: {
        repoURL: `${sandbox.url}/acme/gitops.git`,
        path: 'envs/staging/gateway',
        targetRevision: 'main',
        helm: { valueFiles: ['values.yaml'] },
      },
      destination: { name: 'staging', namespace: 'gateway' },
      syncPolicy: {
        automated: { prune: true, selfHeal: false },
        syncOptions: ['CreateNamespace=true'],
      },
      revisionHistoryLimit: 10,
    });
    expect(gateway.metadata.labels).toEqual(
      expect.objectContaining({ 'app.kubernetes.io/part-of': 'gateway' }),
    );
    expect(gateway.status!.sync.status).toBe('Synced');
    expect(gateway.status!.health.status).toBe('Healthy');
    expect(gateway.status!.resources!.map(r => [r.kind, r.syncWave])).toEqual([
      ['ConfigMap', -1],
      ['Service', 0],
      ['Rollout', 1],
    ]);
    const ledger = list.items!.find(a => a.metadata.name === 'ledger-dev')!;
    expect(ledger.status!.sourceType).toBe('Kustomize');
    expect(ledger.status!.resources!.map(r => r.kind)).toContain('Deployment');

    const prodList: ArgoApplicationList = (
      await get(prod, '/api/v1/applications')
    ).body;
    expect(prodList.items!.map(a => a.metadata.name)).toEqual([
      'gateway-prod',
      'ledger-prod',
      'web-prod',
    ]);
    expect(prodList.items![0].spec.syncPolicy!.automated).toBeUndefined();
  });

  it('filters by selector, name, project and repo, and projects fields', async () => {
    const names = async (query: string) =>
      (
        (await get(nonprod, `/api/v1/applications?${query}`))
          .body as ArgoApplicationList
      ).items?.map(a => a.metadata.name) ?? null;
    expect(await names('selector=app.kubernetes.io/part-of%3Dgateway')).toEqual(
      ['gateway-dev', 'gateway-preview-pr-128', 'gateway-staging'],
    );
    expect(
      await names(
        `selector=${encodeURIComponent(
          'app.kubernetes.io/part-of in (gateway,web),gitops/preview!=true',
        )}`,
      ),
    ).toEqual(['gateway-dev', 'gateway-staging', 'web-dev', 'web-staging']);
    expect(await names('selector=gitops/preview')).toEqual([
      'gateway-preview-pr-128',
    ]);
    expect(await names('name=web-dev')).toEqual(['web-dev']);
    expect(
      await names('projects=shop&selector=app.kubernetes.io/part-of%3Dweb'),
    ).toEqual(['web-dev', 'web-staging']);
    expect(await names('projects=other')).toEqual([]);
    expect(
      await names(
        `repo=${encodeURIComponent(
          `${sandbox.url}/acme/gitops`,
        )}&name=ledger-dev`,
      ),
    ).toEqual(['ledger-dev']);
    const bad = await get(
      nonprod,
      `/api/v1/applications?selector=${encodeURIComponent('a in b')}`,
    );
    expect(bad.status).toBe(400);

    const projected = await get(
      nonprod,
      '/api/v1/applications?fields=items.metadata.name,items.status.sync.status,items.status.history&name=web-dev',
    );
    expect(projected.body.items).toEqual([
      { metadata: { name: 'web-dev' }, status: { sync: { status: 'Synced' } } },
    ]);
    const empty = await get(
      nonprod,
      '/api/v1/applications?fields=items.metadata.name&projects=other',
    );
    expect(empty.body.items).toBeNull();
  });

  it('gets one application with resource health, history and the operation state', async () => {
    const res = await get(nonprod, '/api/v1/applications/gateway-staging');
    const app: ArgoApplication = checkApplication(res.body);
    expect(
      app.status!.resources!.find(r => r.kind === 'Rollout')!.health,
    ).toEqual({ status: 'Healthy' });
    const history = app.status!.history!;
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.map(h => h.id)).toEqual(history.map((_, i) => i));
    const newest = history[history.length - 1];
    expect(app.status!.operationState).toEqual(
      expect.objectContaining({
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: expect.objectContaining({ revision: newest.revision }),
        finishedAt: newest.deployedAt,
      }),
    );
    expect(app.status!.summary!.images).toEqual([
      expect.stringMatching(/^ghcr\.io\/acme\/gateway@sha256:/),
    ]);
    const missing = await get(nonprod, '/api/v1/applications/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: 'applications.argoproj.io "nope" not found',
      code: 5,
      message: 'applications.argoproj.io "nope" not found',
    });
    expect(
      (await get(nonprod, '/api/v1/applications/gateway-staging?project=other'))
        .status,
    ).toBe(403);
    expect(
      (await get(prod, '/api/v1/applications/gateway-staging')).status,
    ).toBe(404);
  });

  it('serves the resource tree, live resources and managed resources with a real diff', async () => {
    const tree = checkTree(
      (await get(nonprod, '/api/v1/applications/gateway-staging/resource-tree'))
        .body,
    );
    const rollout = tree.nodes!.find(n => n.kind === 'Rollout')!;
    expect(rollout).toEqual(
      expect.objectContaining({
        group: 'argoproj.io',
        version: 'v1alpha1',
        health: { status: 'Healthy' },
      }),
    );
    const rs = tree.nodes!.filter(n => n.kind === 'ReplicaSet');
    expect(rs).toHaveLength(1);
    expect(rs[0].parentRefs![0]).toEqual(
      expect.objectContaining({ kind: 'Rollout', uid: rollout.uid }),
    );
    expect(rs[0].info).toEqual([
      { name: 'Revision', value: expect.stringMatching(/^Rev:\d+$/) },
    ]);
    const pods = tree.nodes!.filter(n => n.kind === 'Pod');
    expect(pods).toHaveLength(3); // staging runs 3 replicas of gateway
    expect(pods.every(p => p.parentRefs![0].uid === rs[0].uid)).toBe(true);

    const resource = await get(
      nonprod,
      '/api/v1/applications/gateway-staging/resource?namespace=gateway&resourceName=gateway&group=argoproj.io&version=v1alpha1&kind=Rollout',
    );
    expect(typeof resource.body.manifest).toBe('string');
    const manifest: ArgoRollout = JSON.parse(resource.body.manifest);
    expect(manifest.kind).toBe('Rollout');
    expect(
      manifest.spec.strategy.canary!.steps!.map(s => Object.keys(s)[0]),
    ).toEqual([
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
      'pause',
      'setWeight',
    ]);
    expect(manifest.status!.phase).toBe('Healthy');
    expect(manifest.status!.stableRS).toBe(manifest.status!.currentPodHash);
    expect(manifest.status!.currentStepIndex).toBe(6);
    expect(manifest.status!.observedGeneration).toBe(
      String(manifest.metadata.generation),
    );
    const notThere = await get(
      nonprod,
      '/api/v1/applications/gateway-staging/resource?namespace=gateway&resourceName=nope&kind=Rollout&group=argoproj.io',
    );
    expect(notThere.status).toBe(400);
    expect(notThere.body.code).toBe(3);

    // ledger-staging starts drifted (someone scaled it by hand)
    const ledger = checkApplication(
      (await get(nonprod, '/api/v1/applications/ledger-staging')).body,
    );
    expect(ledger.status!.sync.status).toBe('OutOfSync');
    const managed = checkManagedResources(
      (
        await get(
          nonprod,
          '/api/v1/applications/ledger-staging/managed-resources',
        )
      ).body,
    );
    const deployment = managed.items!.find(i => i.kind === 'Deployment')!;
    expect(deployment.modified).toBe(true);
    expect(JSON.parse(deployment.targetState!).spec.replicas).toBe(2);
    expect(JSON.parse(deployment.liveState!).spec.replicas).toBe(3);
    expect(JSON.parse(deployment.normalizedLiveState!).status).toBeUndefined();
    expect(JSON.parse(deployment.predictedLiveState!).spec.replicas).toBe(2);
    expect(managed.items!.find(i => i.kind === 'Service')!.modified).toBe(
      false,
    );
    const filtered = (
      await get(
        nonprod,
        '/api/v1/applications/ledger-staging/managed-resources?kind=Service',
      )
    ).body;
    expect(filtered.items.map((i: any) => i.kind)).toEqual(['Service']);
  });

  it('serves the projects, with the freeze on prod active only while the knob says so', async () => {
    const projects = (await get(prod, '/api/v1/projects')).body;
    const shop = projects.items.find((p: any) => p.metadata.name === 'shop');
    expect(projects.items.map((p: any) => p.metadata.name)).toEqual([
      'default',
      'shop',
    ]);
    expect(shop.spec.syncWindows).toEqual([
      expect.objectContaining({
        kind: 'deny',
        schedule: '0 18 * * 5',
        duration: '62h',
        clusters: ['*'],
        manualSync: false,
      }),
    ]);
    const nonprodShop = (
      await get(nonprod, '/api/v1/projects')
    ).body.items.find((p: any) => p.metadata.name === 'shop');
    expect(nonprodShop.spec.syncWindows).toEqual([]);
    expect((await get(prod, '/api/v1/projects/shop/syncwindows')).body).toEqual(
      { windows: [] },
    );

    await sandbox.knobs.syncWindow({ instance: 'prod', active: true });
    try {
      expect(
        (await get(prod, '/api/v1/projects/shop/syncwindows')).body.windows,
      ).toEqual(shop.spec.syncWindows);
      expect(
        (await get(prod, '/api/v1/applications/gateway-prod/syncwindows')).body
          .canSync,
      ).toBe(false);
    } finally {
      await sandbox.knobs.syncWindow({ instance: 'prod', active: false });
    }
    const missing = await http(`${prod.url}/api/v1/projects/nope/syncwindows`, {
      headers: { Authorization: `Bearer ${prod.token}` },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe(
      'appprojects.argoproj.io "nope" not found',
    );
  });

  it('reports sync windows and syncs prod on request, recording history', async () => {
    const windows: ArgoSyncWindowsResponse = (
      await get(prod, '/api/v1/applications/gateway-prod/syncwindows')
    ).body;
    expect(windows).toEqual({
      activeWindows: [],
      assignedWindows: [
        {
          kind: 'deny',
          schedule: '0 18 * * 5',
          duration: '62h',
          manualSync: false,
        },
      ],
      canSync: true,
    });
    expect(
      (await get(nonprod, '/api/v1/applications/gateway-dev/syncwindows')).body,
    ).toEqual({
      activeWindows: [],
      assignedWindows: [],
      canSync: true,
    });
    const before = checkApplication(
      (await get(prod, '/api/v1/applications/web-prod')).body,
    );
    const sync = await http(`${prod.url}/api/v1/applications/web-prod/sync`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${prod.token}` },
      body: { name: 'web-prod', prune: true },
    });
    expect(sync.status).toBe(200);
    const running = checkApplication(sync.body);
    expect(running.operation).toEqual(
      expect.objectContaining({
        initiatedBy: { username: 'admin' },
        sync: expect.objectContaining({ revision: expect.any(String) }),
      }),
    );
    expect(running.status!.operationState!.phase).toBe('Running');
    const again = await http(`${prod.url}/api/v1/applications/web-prod/sync`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${prod.token}` },
      body: {},
    });
    expect(again.status).toBe(400);
    expect(again.body.message).toBe('another operation is already in progress');
    const done = await waitFor(async () => {
      const app = checkApplication(
        (await get(prod, '/api/v1/applications/web-prod')).body,
      );
      return app.status!.operationState!.phase === 'Succeeded' && !app.operation
        ? app
        : undefined;
    }, 'the prod sync to finish');
    expect(done.status!.history!.length).toBe(
      before.status!.history!.length + 1,
    );
    expect(done.status!.history!.at(-1)!.initiatedBy).toEqual({
      username: 'admin',
    });
    expect(done.status!.history!.at(-1)!.revision).toBe(
      done.status!.sync.revision,
    );
    expect(
      done.status!.reconciledAt! >= done.status!.operationState!.finishedAt!,
    ).toBe(true);
  });

  it('streams watch events: current applications as ADDED, then changes as MODIFIED', async () => {
    const watch = await openWatch(
      `${nonprod.url}/api/v1/stream/applications?selector=app.kubernetes.io/part-of%3Dweb`,
      nonprod.token,
    );
    expect(watch.status).toBe(200);
    expect(watch.contentType).toContain('application/json');
    await waitFor(() => watch.chunks.length >= 2, 'the replay');
    const replay = watch.chunks
      .slice(0, 2)
      .map(c =>
        'result' in c ? [c.result.type, c.result.application.metadata.name] : c,
      );
    expect(replay).toEqual([
      ['ADDED', 'web-dev'],
      ['ADDED', 'web-staging'],
    ]);
    const start = Number(
      (watch.chunks[1] as { result: { application: ArgoApplication } }).result
        .application.metadata.resourceVersion,
    );
    await sandbox.knobs.drift({ application: 'web-staging', replicas: 5 });
    const modified = await waitFor(
      () =>
        watch.chunks.find(
          c =>
            'result' in c &&
            c.result.type === 'MODIFIED' &&
            c.result.application.status!.sync.status === 'OutOfSync',
        ),
      'a MODIFIED event',
    );
    const app = (modified as { result: { application: ArgoApplication } })
      .result.application;
    checkApplication(app);
    expect(app.metadata.name).toBe('web-staging');
    expect(Number(app.metadata.resourceVersion)).toBeGreaterThan(start);
    // events for other applications are filtered out by the selector
    await sandbox.knobs.drift({ application: 'gateway-staging', replicas: 4 });
    await new Promise(r => setTimeout(r, 100));
    expect(
      watch.chunks.every(
        c =>
          'result' in c &&
          c.result.application.metadata.labels!['app.kubernetes.io/part-of'] ===
            'web',
      ),
    ).toBe(true);
    await watch.close();

    // with a resourceVersion there is no replay
    const resumed = await openWatch(
      `${nonprod.url}/api/v1/stream/applications?resourceVersion=${app.metadata.resourceVersion}`,
      nonprod.token,
    );
    await sandbox.knobs.drift({ application: 'web-dev', replicas: 3 });
    await waitFor(
      () => resumed.chunks.length > 0,
      'an event after the resourceVersion',
    );
    expect(
      resumed.chunks.every(c => 'result' in c && c.result.type === 'MODIFIED'),
    ).toBe(true);
    await resumed.close();
  });
});
