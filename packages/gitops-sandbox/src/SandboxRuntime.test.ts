import type {
  ArgoApplication,
  ArgoApplicationList,
} from '@gitops-portal/plugin-gitops-node';
import { versionDigest } from './demo';
import { GitRepository } from './git/GitRepository';
import { Sandbox, startSandbox } from './startSandbox';
import { checkApplication } from './testing/argoShapes';
import { http, tempDir, waitFor } from './testing/helpers';
import { changeByPullRequest, pinDigest } from './testing/promote';

jest.setTimeout(30000);

describe('knobs (admin API)', () => {
  let sandbox: Sandbox;
  const admin = (path: string, body?: unknown) =>
    http(`${sandbox.url}/admin${path}`, {
      method: body === undefined && path !== '/reset' ? 'GET' : 'POST',
      body,
    });
  const post = (path: string, body: unknown = {}) =>
    http(`${sandbox.url}/admin${path}`, { method: 'POST', body });
  const argo = (instance: string, path: string) => {
    const i = sandbox.argocd.find(x => x.name === instance)!;
    return http(`${i.url}${path}`, {
      headers: { Authorization: `Bearer ${i.token}` },
    });
  };
  const app = async (
    instance: string,
    name: string,
  ): Promise<ArgoApplication> =>
    checkApplication(
      (await argo(instance, `/api/v1/applications/${name}`)).body,
    );

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 25 });
  });
  afterAll(() => sandbox.stop());

  it('validates bodies (400) and names unknown applications and instances (404)', async () => {
    const missing = await post('/drift', { application: 'gateway-dev' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('replicas');
    expect(
      (await post('/drift', { application: 'nope', replicas: 2 })).status,
    ).toBe(404);
    const wrongResource = await post('/drift', {
      application: 'gateway-dev',
      resource: 'Deployment/gateway',
      replicas: 2,
    });
    expect(wrongResource.status).toBe(400);
    expect(wrongResource.body.error).toContain('Rollout/gateway');
    expect((await post('/bad-digest', { digest: 'latest' })).status).toBe(400);
    expect(
      (await post('/sync-window', { instance: 'staging', active: true }))
        .status,
    ).toBe(404);
    expect((await post('/auto-sync', { enabled: true })).status).toBe(400);
    expect((await post('/instances/nowhere/stop')).status).toBe(404);
    expect((await post('/nothing')).status).toBe(404);
  });

  it('drifts a live resource (OutOfSync with a diff) and self-heal reverts it', async () => {
    expect(
      (
        await post('/drift', {
          application: 'gateway-staging',
          resource: 'Rollout/gateway',
          replicas: 7,
        })
      ).status,
    ).toBe(200);
    const drifted = await app('nonprod', 'gateway-staging');
    expect(drifted.status!.sync.status).toBe('OutOfSync');
    expect(
      drifted.status!.resources!.find(r => r.kind === 'Rollout')!.status,
    ).toBe('OutOfSync');
    const managed = (
      await argo(
        'nonprod',
        '/api/v1/applications/gateway-staging/managed-resources?kind=Rollout',
      )
    ).body;
    expect(JSON.parse(managed.items[0].liveState).spec.replicas).toBe(7);
    expect(JSON.parse(managed.items[0].targetState).spec.replicas).toBe(3);
    const tree = (
      await argo(
        'nonprod',
        '/api/v1/applications/gateway-staging/resource-tree',
      )
    ).body;
    expect(tree.nodes.filter((n: any) => n.kind === 'Pod')).toHaveLength(7);
    // staging does not self-heal by default: it stays drifted
    await new Promise(r => setTimeout(r, 400));
    expect((await app('nonprod', 'gateway-staging')).status!.sync.status).toBe(
      'OutOfSync',
    );

    const historyBefore = drifted.status!.history!.length;
    expect(
      (
        await post('/self-heal', {
          application: 'gateway-staging',
          enabled: true,
        })
      ).status,
    ).toBe(200);
    const healed = await waitFor(async () => {
      const a = await app('nonprod', 'gateway-staging');
      return a.status!.sync.status === 'Synced' &&
        a.status!.health.status === 'Healthy'
        ? a
        : undefined;
    }, 'self-heal');
    expect(healed.spec.syncPolicy!.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    expect(healed.status!.history!.length).toBe(historyBefore + 1);
    const live = (
      await argo(
        'nonprod',
        '/api/v1/applications/gateway-staging/managed-resources?kind=Rollout',
      )
    ).body;
    expect(JSON.parse(live.items[0].liveState).spec.replicas).toBe(3);
  });

  it('marks a digest bad: its canary analysis fails and the rollout aborts', async () => {
    const digest = versionDigest('gateway', '6.6.6');
    expect((await post('/bad-digest', { digest })).status).toBe(200);
    expect((await admin('/state')).body.badDigests).toEqual([digest]);
    await changeByPullRequest(
      sandbox,
      'bad/gateway',
      'gateway 6.6.6 in staging',
      {
        'envs/staging/gateway/values.yaml': pinDigest(digest),
      },
    );
    await waitFor(
      async () =>
        (await app('nonprod', 'gateway-staging')).status!.health.status ===
        'Degraded',
      'Degraded',
    );
    const tree = (
      await argo(
        'nonprod',
        '/api/v1/applications/gateway-staging/resource-tree',
      )
    ).body;
    const run = tree.nodes.find((n: any) => n.kind === 'AnalysisRun');
    expect(run.health.status).toBe('Degraded');
    const manifest = JSON.parse(
      (
        await argo(
          'nonprod',
          `/api/v1/applications/gateway-staging/resource?namespace=gateway&resourceName=${run.name}&group=argoproj.io&kind=AnalysisRun`,
        )
      ).body.manifest,
    );
    expect(manifest.status.phase).toBe('Failed');
    expect((await post('/bad-digest', { digest, bad: false })).status).toBe(
      200,
    );
    expect((await admin('/state')).body.badDigests).toEqual([]);
  });

  it('opens and closes a sync window: sync answers 403 and auto-sync waits for the window to close', async () => {
    expect(
      (await post('/sync-window', { instance: 'nonprod', active: true }))
        .status,
    ).toBe(200);
    const windows = (
      await argo('nonprod', '/api/v1/applications/web-dev/syncwindows')
    ).body;
    expect(windows.canSync).toBe(false);
    expect(windows.activeWindows).toEqual([
      expect.objectContaining({ kind: 'deny' }),
    ]);
    const i = sandbox.argocd.find(x => x.name === 'nonprod')!;
    const denied = await http(`${i.url}/api/v1/applications/web-dev/sync`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${i.token}` },
      body: {},
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: 'cannot sync: blocked by sync window',
      code: 7,
      message: 'cannot sync: blocked by sync window',
    });
    expect((await post('/sync', { application: 'web-dev' })).status).toBe(403);

    const digest = versionDigest('web', '3.4.0');
    const { mergeSha } = await changeByPullRequest(
      sandbox,
      'web/dev/340',
      'dev: web 3.4.0',
      {
        'envs/dev/web/values.yaml': pinDigest(digest),
      },
    );
    await waitFor(
      async () =>
        (await app('nonprod', 'web-dev')).status!.sync.revision === mergeSha,
      'the merge',
    );
    await new Promise(r => setTimeout(r, 400));
    const frozen = await app('nonprod', 'web-dev');
    expect(frozen.status!.sync.status).toBe('OutOfSync');
    expect(frozen.status!.operationState!.phase).toBe('Succeeded');
    expect(frozen.status!.history!.at(-1)!.revision).not.toBe(mergeSha);

    expect(
      (await post('/sync-window', { instance: 'nonprod', active: false }))
        .status,
    ).toBe(200);
    await waitFor(
      async () =>
        (await app('nonprod', 'web-dev')).status!.history!.at(-1)!.revision ===
        mergeSha,
      'auto-sync after the freeze',
    );
  });

  it('turns auto-sync on for prod, and off for an application', async () => {
    const digest = versionDigest('ledger', '2.3.0');
    expect(
      (await post('/auto-sync', { instance: 'prod', enabled: true })).status,
    ).toBe(200);
    expect(
      (await app('prod', 'ledger-prod')).spec.syncPolicy!.automated,
    ).toBeDefined();
    const { mergeSha } = await changeByPullRequest(
      sandbox,
      'promote/prod/ledger',
      'Promote ledger to prod',
      {
        'envs/prod/ledger/kustomization.yaml': pinDigest(digest),
      },
    );
    await waitFor(async () => {
      const a = await app('prod', 'ledger-prod');
      return (
        a.status!.history!.at(-1)!.revision === mergeSha &&
        a.status!.health.status === 'Healthy'
      );
    }, 'prod auto-sync');
    expect(
      (await post('/auto-sync', { instance: 'prod', enabled: false })).status,
    ).toBe(200);
    expect(
      (await app('prod', 'ledger-prod')).spec.syncPolicy!.automated,
    ).toBeUndefined();
    expect(
      (await post('/auto-sync', { application: 'ledger-dev', enabled: false }))
        .status,
    ).toBe(200);
    expect(
      (await app('nonprod', 'ledger-dev')).spec.syncPolicy!.automated,
    ).toBeUndefined();
    expect(
      (await post('/auto-sync', { application: 'ledger-dev', enabled: true }))
        .status,
    ).toBe(200);
  });

  it('stops an instance (connections drop), adds latency, and counts calls per endpoint', async () => {
    expect((await post('/counters/reset')).status).toBe(200);
    expect((await post('/instances/prod/stop')).status).toBe(200);
    await expect(argo('prod', '/api/v1/applications')).rejects.toThrow();
    expect((await argo('nonprod', '/api/v1/applications')).status).toBe(200);
    expect(
      (await admin('/state')).body.instances.find((i: any) => i.name === 'prod')
        .stopped,
    ).toBe(true);
    expect((await post('/instances/prod/start')).status).toBe(200);
    expect((await argo('prod', '/api/v1/applications')).status).toBe(200);

    expect((await post('/latency', { instance: 'prod', ms: 150 })).status).toBe(
      200,
    );
    let t = Date.now();
    await argo('prod', '/api/v1/applications/web-prod');
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    t = Date.now();
    await argo('nonprod', '/api/v1/applications/web-dev');
    expect(Date.now() - t).toBeLessThan(140);
    expect((await post('/latency', { ms: 0 })).status).toBe(200);

    await http(`${sandbox.githubApiUrl}/repos/acme/gitops`, {
      headers: { Authorization: 'token sandbox-github-token' },
    });
    const counters = (await admin('/counters')).body;
    expect(counters.nonprod['GET /api/v1/applications']).toBe(1);
    expect(counters.nonprod['GET /api/v1/applications/{name}']).toBe(1);
    expect(counters.prod['GET /api/v1/applications']).toBe(1);
    expect(counters.prod['GET /api/v1/applications/{name}']).toBe(1);
    expect(counters.github['GET /repos/{owner}/{repo}']).toBe(1);
  });

  it('opens and closes preview applications of pull requests', async () => {
    expect(
      (await post('/previews', { service: 'web', number: 42, open: true }))
        .status,
    ).toBe(200);
    const preview = await waitFor(async () => {
      const a = await app('nonprod', 'web-preview-pr-42').catch(
        () => undefined,
      );
      return a &&
        a.status!.health.status === 'Healthy' &&
        a.status!.sync.status === 'Synced'
        ? a
        : undefined;
    }, 'the preview deployed');
    expect(preview.metadata.labels).toEqual(
      expect.objectContaining({
        'app.kubernetes.io/part-of': 'web',
        'gitops/preview': 'true',
      }),
    );
    expect(preview.spec.source!.path).toBe('previews/web');
    expect(preview.spec.destination).toEqual({
      name: 'dev',
      namespace: 'web-pr-42',
    });
    expect(
      (await post('/previews', { service: 'web', number: 42, open: false }))
        .status,
    ).toBe(200);
    expect(
      (await argo('nonprod', '/api/v1/applications/web-preview-pr-42')).status,
    ).toBe(404);
    expect(
      (await post('/previews', { service: 'web', number: 42, open: false }))
        .status,
    ).toBe(404);
  });

  it('merges and closes pull requests like a reviewer', async () => {
    const open = await changeByPullRequest(
      sandbox,
      'promote/staging/ledger/x',
      'Promote ledger to staging',
      {
        'envs/staging/ledger/kustomization.yaml': pinDigest(
          versionDigest('ledger', '2.4.0'),
        ),
      },
      { merge: false },
    );
    const merged = await post(`/pulls/${open.number}/merge`);
    expect(merged.status).toBe(200);
    const commit = await new GitRepository(sandbox.repoDir).getCommit(
      merged.body.sha,
    );
    expect(commit!.parents).toHaveLength(2);
    expect(commit!.author.name).toBe('Rita Novak');
    expect((await post(`/pulls/${open.number}/merge`)).status).toBe(405);
    const other = await changeByPullRequest(
      sandbox,
      'to-close',
      'Never mind',
      {
        'README.md': c => `${c}\nmore\n`,
      },
      { merge: false },
    );
    expect((await post(`/pulls/${other.number}/close`)).status).toBe(200);
    const state = (await admin('/state')).body;
    expect(state.pulls.find((p: any) => p.number === other.number)).toEqual(
      expect.objectContaining({ state: 'closed', merged: false }),
    );
  });

  it('scales to 20,000 synthetic applications over 10 instances, then back', async () => {
    const started = Date.now();
    expect(
      (await post('/scale', { instances: 10, appsPerInstance: 2000 })).status,
    ).toBe(200);
    const scaleMs = Date.now() - started;
    const state = (await admin('/state')).body;
    expect(state.instances).toHaveLength(10);
    const total = state.instances.reduce(
      (s: number, i: any) => s + i.applicationCount,
      0,
    );
    expect(total).toBeGreaterThanOrEqual(20000);
    const group = sandbox.argocd.find(i => i.name === 'group-05')!;
    expect(group.token).toBe('sandbox-argocd-group-05-token');
    const t = Date.now();
    const list = await argo('group-05', '/api/v1/applications');
    const listMs = Date.now() - t;
    const items = (list.body as ArgoApplicationList).items!;
    expect(items).toHaveLength(2000);
    checkApplication(items[0]);
    expect(items[0].status!.history).toHaveLength(10);
    const nonprodPreviews = (
      (await argo('nonprod', '/api/v1/applications?selector=gitops/preview'))
        .body as ArgoApplicationList
    ).items!;
    expect(nonprodPreviews.length).toBeGreaterThan(50);
    process.stdout.write(
      `scale: 10 instances × 2000 synthetic apps in ${scaleMs} ms, list of 2000 apps ${(
        list.text.length / 1e6
      ).toFixed(1)} MB in ${listMs} ms\n`,
    );
    expect(
      (await post('/scale', { instances: 2, appsPerInstance: 0 })).status,
    ).toBe(200);
    expect(
      (await admin('/state')).body.instances.map((i: any) => i.name),
    ).toEqual(['nonprod', 'prod']);
    expect(
      (await argo('nonprod', '/api/v1/applications')).body.items.length,
    ).toBeLessThan(20);
  });

  it('resets to the seeded repository and state', async () => {
    const seeded = await tempDir();
    const fresh = await startSandbox({ dir: seeded.path, demoState: false });
    const seedHead = await new GitRepository(fresh.repoDir).branchHead('main');
    await fresh.stop();
    await seeded.remove();

    expect(
      await new GitRepository(sandbox.repoDir).branchHead('main'),
    ).not.toBe(seedHead);
    const reset = await post('/reset');
    expect(reset.status).toBe(200);
    const repo = new GitRepository(sandbox.repoDir);
    expect(await repo.branchHead('main')).toBe(seedHead);
    expect((await repo.branches()).map(b => b.name)).toEqual(['main']);
    const state = (await admin('/state')).body;
    // The seeded pull requests are back; later ones stay, closed, so numbers are never reused.
    const seededPulls = state.pulls.filter(
      (p: { number: number }) => p.number <= 10,
    );
    expect(seededPulls).toHaveLength(10);
    expect(
      state.pulls
        .filter((p: { number: number }) => p.number > 10)
        .every((p: { state: string }) => p.state === 'closed'),
    ).toBe(true);
    expect(state.badDigests).toEqual([]);
    expect(state.head).toBe(seedHead);
    expect((await app('nonprod', 'ledger-staging')).status!.sync.status).toBe(
      'OutOfSync',
    ); // demo drift again
    expect((await app('nonprod', 'gateway-staging')).status!.sync.status).toBe(
      'Synced',
    );
  });
});
