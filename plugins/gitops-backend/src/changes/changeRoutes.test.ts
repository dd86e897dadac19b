import request from 'supertest';
import {
  appSet,
  createChangesKit,
  D1,
  D2,
  D3,
  helmValues,
  target,
} from '../__testUtils__/changesTestKit';
import { migratedDatabase } from '../__testUtils__/databases';

async function kit(over: Partial<Parameters<typeof createChangesKit>[0]> = {}) {
  return createChangesKit({
    knex: await migratedDatabase('SQLITE_3'),
    ...over,
  });
}

/** Gives prod the pin history D1 (initial) → D2 → D3. */
function withProdHistory(k: Awaited<ReturnType<typeof kit>>) {
  k.provider.push(
    'main',
    { 'envs/prod/gateway/values.yaml': helmValues(D2) },
    'Pin D2 (#7)',
    'alice',
  );
  k.provider.push(
    'main',
    { 'envs/prod/gateway/Chart.yaml': 'name: gateway\nversion: 2\n' },
    'chart only',
  );
  k.provider.push(
    'main',
    { 'envs/prod/gateway/values.yaml': helmValues(D3) },
    'Pin D3',
    'bob',
  );
  k.status.targets.prod = [target('prod', D3)];
}

describe('POST /v1/rollbacks', () => {
  it('goes back to the previous distinct digest of the pin when no digest is given', async () => {
    const k = await kit();
    withProdHistory(k);
    const res = await request(k.app)
      .post('/api/gitops/v1/rollbacks')
      .send({ entityRef: 'component:default/gateway', environment: 'prod' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'rollback',
      from: null,
      to: 'prod',
      digest: D2,
      previousDigest: D3,
      state: 'open', // prod needs approvals: never auto-merged
      pullRequest: { branch: `gitops/rollback/gateway/prod/${'2'.repeat(12)}` },
    });
    expect(k.provider.pull(1).labels).toEqual([
      'gitops',
      'rollback',
      'env:prod',
    ]);
    expect(k.auditor.events[0]).toMatchObject({
      eventId: 'rollback-create',
      outcome: 'success',
    });
  });

  it('is not blocked by a sync window, and says so in the pull request', async () => {
    const k = await kit();
    withProdHistory(k);
    k.status.targets.prod = [
      target('prod', D3, { syncWindows: { canSync: false, active: [] } }),
    ];
    const res = await request(k.app).post('/api/gitops/v1/rollbacks').send({
      entityRef: 'component:default/gateway',
      environment: 'prod',
      digest: D1,
    });
    expect(res.status).toBe(201);
    expect(
      res.body.gates.find((g: { name: string }) => g.name === 'sync-window'),
    ).toMatchObject({
      passed: true,
      message: expect.stringContaining('A sync window blocks'),
    });
    expect(k.provider.pull(1).body).toContain(
      'A sync window is active on prod',
    );
  });

  it.each([
    [
      {
        entityRef: 'component:default/gateway',
        environment: 'prod',
        digest: 'sha256:abc',
      },
      400,
      /Invalid digest/,
    ],
    [
      { entityRef: 'component:default/gateway', environment: 'qa' },
      400,
      /valid environments: dev, staging, prod/,
    ],
    [
      { entityRef: 'component:default/gateway', environment: 'prod' },
      400,
      /no earlier digest/,
    ],
  ])('answers %j with %i', async (body, status, message) => {
    const k = await kit();
    const res = await request(k.app)
      .post('/api/gitops/v1/rollbacks')
      .send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(k.provider.pulls).toHaveLength(0);
  });

  it('needs gitops.rollback.create (403), or reports it in a dry run', async () => {
    const k = await kit({ allow: p => p !== 'gitops.rollback.create' });
    const body = {
      entityRef: 'component:default/gateway',
      environment: 'prod',
      digest: D2,
    };
    expect(
      (await request(k.app).post('/api/gitops/v1/rollbacks').send(body)).status,
    ).toBe(403);
    const dry = await request(k.app)
      .post('/api/gitops/v1/rollbacks')
      .send({ ...body, dryRun: true });
    expect(dry.status).toBe(200);
    expect(
      dry.body.gates.find((g: { name: string }) => g.name === 'permission')
        .passed,
    ).toBe(false);
    expect(k.provider.branches.size).toBe(1);
  });
});

describe('POST /v1/pins', () => {
  it('pins a digest in a Kustomize overlay and auto-merges into dev', async () => {
    const k = await kit();
    const res = await request(k.app).post('/api/gitops/v1/pins').send({
      service: 'ledger',
      environment: 'dev',
      digest: D3,
      image: 'ghcr.io/acme/ledger',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'pin',
      entityRef: null,
      state: 'merged',
      digest: D3,
      previousDigest: D1,
    });
    expect(
      k.provider.fileAt('main', 'envs/dev/ledger/kustomization.yaml'),
    ).toContain(`digest: ${D3}`);
    expect(k.provider.pull(1).labels).toEqual(['gitops', 'pin', 'env:dev']);
  });

  it.each([
    [{ service: '..', environment: 'dev', digest: D3 }, /Invalid service name/],
    [
      { service: 'a/b', environment: 'dev', digest: D3 },
      /Invalid service name/,
    ],
    [
      { service: '/etc', environment: 'dev', digest: D3 },
      /Invalid service name/,
    ],
    [{ service: '', environment: 'dev', digest: D3 }, /Invalid service name/],
    [
      {
        service: 'ledger',
        environment: 'dev',
        digest: `sha256:${'A'.repeat(64)}`,
      },
      /Invalid digest/,
    ],
    [
      {
        service: 'ledger',
        environment: 'dev',
        digest: D3,
        image: 'ghcr.io/acme/other',
      },
      /no images\[\] entry for ghcr\.io\/acme\/other/,
    ],
    [
      { service: 'nothing', environment: 'dev', digest: D3 },
      /has no values\.yaml or kustomization\.yaml/,
    ],
  ])('answers %j with 400, writing nothing', async (body, message) => {
    const k = await kit();
    const res = await request(k.app).post('/api/gitops/v1/pins').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(k.provider.branches.size).toBe(1);
  });

  it('needs gitops.pin.create', async () => {
    const k = await kit({ allow: p => p !== 'gitops.pin.create' });
    const res = await request(k.app)
      .post('/api/gitops/v1/pins')
      .send({ service: 'ledger', environment: 'dev', digest: D3 });
    expect(res.status).toBe(403);
  });
});

describe('POST /v1/onboardings', () => {
  it('creates the folders modelled on a sibling and lists the service in every ApplicationSet, in one pull request', async () => {
    const k = await kit();
    const res = await request(k.app).post('/api/gitops/v1/onboardings').send({
      service: 'payments',
      image: 'ghcr.io/acme/payments',
      digest: D3,
      format: 'helm',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'onboarding',
      to: 'dev,staging,prod',
      state: 'open',
      digest: D3,
    });
    const branch = 'gitops/onboard/payments';
    expect(
      k.provider.fileAt(branch, 'envs/staging/payments/values.yaml'),
    ).toContain('image:\n  repository: ghcr.io/acme/payments\n');
    expect(
      k.provider.fileAt(branch, 'envs/staging/payments/values.yaml'),
    ).toContain(`digest: ${D3}`);
    expect(k.provider.fileAt(branch, 'envs/prod/payments/Chart.yaml')).toBe(
      'name: payments\n',
    );
    expect(
      k.provider.fileAt(branch, 'applicationsets/nonprod/services.yaml'),
    ).toBe(appSet(['gateway', 'ledger', 'payments']));
    expect(
      k.provider.fileAt(branch, 'applicationsets/prod/services.yaml'),
    ).toBe(appSet(['gateway', 'ledger', 'payments']));
    expect(k.provider.pull(1).labels).toEqual(['gitops', 'onboarding']);
    expect(k.provider.calls.mergePullRequest ?? 0).toBe(0);
  });

  it('plans a Kustomize overlay in a dry run and refuses a service that exists', async () => {
    const k = await kit();
    const dry = await request(k.app)
      .post('/api/gitops/v1/onboardings')
      .send({
        service: 'billing',
        image: 'ghcr.io/acme/billing',
        environments: ['dev'],
        format: 'kustomize',
        dryRun: true,
      });
    expect(dry.status).toBe(200);
    const overlay = dry.body.files.find(
      (f: { path: string }) => f.path === 'envs/dev/billing/kustomization.yaml',
    );
    expect(overlay.action).toBe('create');
    expect(overlay.content).toContain('../../../base/billing');
    expect(overlay.content).toContain('name: ghcr.io/acme/billing');
    expect(k.provider.branches.size).toBe(1);

    const exists = await request(k.app)
      .post('/api/gitops/v1/onboardings')
      .send({ service: 'gateway', image: 'ghcr.io/acme/gateway' });
    expect(exists.status).toBe(409);
    expect(
      exists.body.gates.find(
        (g: { name: string }) => g.name === 'not-onboarded',
      ),
    ).toMatchObject({
      passed: false,
      message: expect.stringContaining('envs/dev/gateway'),
    });
  });

  it.each([
    [{ service: 'x', image: 'Not An Image!' }, /Invalid image repository/],
    [
      { service: 'x', image: 'ghcr.io/acme/x', environments: ['qa'] },
      /Unknown environment "qa"/,
    ],
    [{ service: 'x', image: 'ghcr.io/acme/x', format: 'jsonnet' }, /format/],
  ])('answers %j with 400', async (body, message) => {
    const k = await kit();
    const res = await request(k.app)
      .post('/api/gitops/v1/onboardings')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET history and records', () => {
  it('lists the changes of a pin, newest first, page by page, with their pull requests', async () => {
    const k = await kit();
    withProdHistory(k);
    const url =
      '/api/gitops/v1/entities/default/component/gateway/history?environment=prod&limit=2';
    const first = await request(k.app).get(url);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { digest: string }) => i.digest)).toEqual([
      D3,
      D2,
    ]);
    expect(first.body.items[0]).toMatchObject({
      environment: 'prod',
      author: 'bob',
      message: 'Pin D3',
      pullRequest: null,
    });
    expect(first.body.items[1].pullRequest).toEqual({
      number: 7,
      url: 'https://git.example.com/acme/gitops/pull/7',
    });
    const second = await request(k.app).get(
      `${url}&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((i: { digest: string }) => i.digest)).toEqual([
      D1,
    ]);
    expect(second.body.nextCursor).toBeNull();
    expect((await request(k.app).get(`${url}&cursor=nonsense`)).status).toBe(
      400,
    );
    expect((await request(k.app).get(url.replace('prod', 'qa'))).status).toBe(
      400,
    );
    const badParam = await request(k.app).get(
      url.replace('component/gateway', 'component/-gateway'),
    );
    expect(badParam.status).toBe(400);
    expect(badParam.body.error.message).toBe(
      "Invalid parameter 'name': not an entity name",
    );
    const badLimit = await request(k.app).get(
      url.replace('limit=2', 'limit=0'),
    );
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(
      /^Invalid query parameter 'limit': \S/,
    );
  });

  it('links history entries to the records of the pull requests the portal opened', async () => {
    const k = await kit({
      environments: [
        { name: 'dev' },
        { name: 'staging', autoMerge: true },
        { name: 'prod' },
      ],
    });
    const promoted = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    const history = await request(k.app).get(
      '/api/gitops/v1/entities/default/component/gateway/history?environment=staging',
    );
    expect(history.body.items[0]).toMatchObject({
      digest: D2,
      pullRequest: { number: promoted.body.pullRequest.number },
    });
  });

  it('lists records newest first, filtered by entity and state', async () => {
    const k = await kit();
    const a = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    const b = await request(k.app)
      .post('/api/gitops/v1/pins')
      .send({ service: 'ledger', environment: 'dev', digest: D3 });
    const all = await request(k.app).get('/api/gitops/v1/promotions');
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([
      b.body.id,
      a.body.id,
    ]);
    const open = await request(k.app).get(
      '/api/gitops/v1/promotions?entityRef=component:default/gateway&state=open',
    );
    expect(open.body.items.map((r: { id: string }) => r.id)).toEqual([
      a.body.id,
    ]);
    expect(
      (await request(k.app).get('/api/gitops/v1/promotions?state=bogus'))
        .status,
    ).toBe(400);
    expect(
      (await request(k.app).get(`/api/gitops/v1/promotions/${a.body.id}`)).body
        .id,
    ).toBe(a.body.id);
    expect(
      (
        await request(k.app).get(
          '/api/gitops/v1/promotions/00000000-0000-4000-8000-000000000000',
        )
      ).status,
    ).toBe(404);
  });

  it('lists only the records the caller may see', async () => {
    const denied = new Set<string>();
    const k = await kit({ allow: permission => !denied.has(permission) });
    const promotion = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    const pin = await request(k.app)
      .post('/api/gitops/v1/pins')
      .send({ service: 'ledger', environment: 'dev', digest: D3 });

    denied.add('gitops.pin.create');
    const withoutPins = await request(k.app).get('/api/gitops/v1/promotions');
    expect(withoutPins.body.items.map((r: { id: string }) => r.id)).toEqual([
      promotion.body.id,
    ]);
    expect(
      (await request(k.app).get(`/api/gitops/v1/promotions/${pin.body.id}`))
        .status,
    ).toBe(404);

    denied.add('gitops.status.read');
    const nothing = await request(k.app).get('/api/gitops/v1/promotions');
    expect(nothing.status).toBe(200);
    expect(nothing.body.items).toEqual([]);
  });
  it('audits the reads of records and history, and decides a record’s permission once', async () => {
    const decisions: string[] = [];
    let readAllowed = true;
    const k = await kit({
      allow: permission => {
        decisions.push(permission);
        return permission !== 'gitops.status.read' || readAllowed;
      },
    });
    const promotion = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    k.auditor.events = [];
    decisions.length = 0;

    const one = await request(k.app).get(
      `/api/gitops/v1/promotions/${promotion.body.id}`,
    );
    expect(one.status).toBe(200);
    expect(decisions).toEqual(['gitops.status.read']);
    await request(k.app)
      .get('/api/gitops/v1/promotions?entityRef=component:default/gateway')
      .expect(200);
    await request(k.app)
      .get(
        '/api/gitops/v1/entities/default/component/gateway/history?environment=staging',
      )
      .expect(200);
    readAllowed = false;
    await request(k.app)
      .get(`/api/gitops/v1/promotions/${promotion.body.id}`)
      .expect(403);

    expect(k.auditor.events).toEqual([
      expect.objectContaining({
        eventId: 'change-fetch',
        severityLevel: 'low',
        outcome: 'success',
        meta: { queryType: 'by-id', recordId: promotion.body.id },
      }),
      expect.objectContaining({
        eventId: 'change-fetch',
        outcome: 'success',
        meta: {
          queryType: 'list',
          entityRef: 'component:default/gateway',
          count: 1,
        },
      }),
      expect.objectContaining({
        eventId: 'history-fetch',
        outcome: 'success',
        meta: { queryType: 'history', entityRef: 'component:default/gateway' },
      }),
      expect.objectContaining({
        eventId: 'change-fetch',
        outcome: 'fail',
        error: expect.stringContaining('gitops.status.read'),
      }),
    ]);
  });
});
