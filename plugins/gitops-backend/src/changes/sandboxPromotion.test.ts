import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSandbox, type Sandbox } from '@gitops-portal/gitops-sandbox';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import { entity } from '../__testUtils__/changesTestKit';

/**
 * The whole promotion against a real git repository: the GitOps sandbox plays GitHub and
 * Argo CD over a git repository on disk; the plugin runs in a test backend with its real
 * read side, provider, database and routes.
 */
describe('promotion against the sandbox', () => {
  let sandbox: Sandbox;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 20, demoState: false });
    const config = sandbox.backstageConfig();
    const data = {
      ...config,
      gitops: {
        ...config.gitops,
        repository: { ...config.gitops.repository, minWriteIntervalMs: 0 },
      },
    };
    ({ server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.rootConfig.factory({
          data: JSON.parse(JSON.stringify(data)),
        }),
        catalogServiceMock.factory({
          entities: [entity('gateway'), entity('ledger')],
        }),
      ],
    }));
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  const github = (path: string) =>
    fetch(`${sandbox.githubApiUrl}/repos/acme/gitops${path}`, {
      headers: { authorization: `token ${sandbox.githubToken}` },
    }).then(r => r.json());

  async function gatesPass(body: object) {
    const deadline = Date.now() + 40_000;
    let last: unknown;
    while (Date.now() < deadline) {
      const res = await request(server)
        .post('/api/gitops/v1/promotions')
        .send({ ...body, dryRun: true });
      last = res.body;
      if (
        res.status === 200 &&
        res.body.gates.every((g: { passed: boolean }) => g.passed)
      )
        return res.body;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`Gates never passed: ${JSON.stringify(last)}`);
  }

  it('promotes gateway from dev to staging by pull request, idempotently, and shows it in the history', async () => {
    const plan = await gatesPass({
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0].path).toBe('envs/staging/gateway/values.yaml');

    const created = await request(server)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    expect(created.status).toBe(201);
    const { pullRequest, digest, previousDigest } = created.body;
    expect(pullRequest.branch).toBe(
      `gitops/promote/gateway/staging/${digest.slice(7, 19)}`,
    );

    const pr = await github(`/pulls/${pullRequest.number}`);
    expect(pr).toMatchObject({
      state: 'open',
      head: { ref: pullRequest.branch },
      base: { ref: 'main' },
    });
    expect(pr.labels.map((l: { name: string }) => l.name).sort()).toEqual([
      'env:staging',
      'gitops',
      'promotion',
    ]);
    expect(pr.body).toContain(digest);

    // exactly one line differs between main and the branch
    const read = async (ref: string) => {
      const file = await github(
        `/contents/envs/staging/gateway/values.yaml?ref=${encodeURIComponent(
          ref,
        )}`,
      );
      return Buffer.from(file.content, 'base64').toString('utf8').split('\n');
    };
    const [before, after] = await Promise.all([
      read('main'),
      read(pullRequest.branch),
    ]);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual([`  digest: ${digest}`]);
    expect(before).toContain(`  digest: ${previousDigest}`);

    const again = await request(server)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    const open = await github(
      `/pulls?state=open&head=acme:${encodeURIComponent(pullRequest.branch)}`,
    );
    expect(open).toHaveLength(1);

    await sandbox.knobs.mergePull(pullRequest.number);
    const history = await request(server).get(
      '/api/gitops/v1/entities/default/component/gateway/history?environment=staging&limit=5',
    );
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      environment: 'staging',
      digest,
      pullRequest: { number: pullRequest.number },
    });

    // the last known good of staging is now the digest this promotion replaced
    const rollback = await request(server)
      .post('/api/gitops/v1/rollbacks')
      .send({
        entityRef: 'component:default/gateway',
        environment: 'staging',
        dryRun: true,
      });
    expect(rollback.status).toBe(200);
    expect(rollback.body).toMatchObject({
      type: 'rollback',
      digest: previousDigest,
      previousDigest: digest,
    });
  }, 90_000);

  it('pins a digest in dev and merges it at once (auto-merge)', async () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const res = await request(server)
      .post('/api/gitops/v1/pins')
      .send({ service: 'ledger', environment: 'dev', digest });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'pin', state: 'merged', digest });
    const file = await github(
      '/contents/envs/dev/ledger/kustomization.yaml?ref=main',
    );
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toContain(
      `digest: ${digest}`,
    );
  }, 60_000);
});
