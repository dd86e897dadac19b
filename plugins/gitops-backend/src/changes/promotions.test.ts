import request from 'supertest';
import {
  createChangesKit,
  D1,
  D2,
  D3,
  entity,
  helmValues,
  target,
} from '../__testUtils__/changesTestKit';
import { itOnEachDatabase, migratedDatabase } from '../__testUtils__/databases';

const promote = (app: Parameters<typeof request>[0], body: object) =>
  request(app).post('/api/gitops/v1/promotions').send(body);

async function kit(over: Partial<Parameters<typeof createChangesKit>[0]> = {}) {
  return createChangesKit({
    knex: await migratedDatabase('SQLITE_3'),
    ...over,
  });
}

/** Everything a change could have written. */
function written(k: Awaited<ReturnType<typeof kit>>) {
  return {
    branches: [...k.provider.branches.keys()].filter(b => b !== 'main'),
    pulls: k.provider.pulls.length,
    commits: k.provider.calls.commitFiles ?? 0,
  };
}

describe('POST /v1/promotions', () => {
  it('opens one pull request that changes only the pin, with labels and a complete body', async () => {
    const k = await kit();
    const before = k.provider.fileAt(
      'main',
      'envs/staging/gateway/values.yaml',
    )!;
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(201);
    const branch = `gitops/promote/gateway/staging/${'2'.repeat(12)}`;
    expect(res.body).toMatchObject({
      type: 'promotion',
      entityRef: 'component:default/gateway',
      service: 'gateway',
      from: 'dev',
      to: 'staging',
      digest: D2,
      previousDigest: D1,
      state: 'open',
      pullRequest: {
        number: 1,
        url: 'https://git.example.com/acme/gitops/pull/1',
        branch,
      },
      createdBy: 'user:default/mock',
    });
    expect(
      res.body.gates.map((g: { name: string; passed: boolean }) => [
        g.name,
        g.passed,
      ]),
    ).toEqual([
      ['source-digest', true],
      ['source-health', true],
      ['sync-window', true],
      ['not-at-digest', true],
      ['permission', true],
    ]);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const pr = k.provider.pull(1);
    expect(pr).toMatchObject({
      headBranch: branch,
      baseBranch: 'main',
      labels: ['gitops', 'promotion', 'env:staging'],
    });
    expect(pr.body).toContain('`dev` → `staging`');
    expect(pr.body).toContain(D2);
    expect(pr.body).toContain(D1);
    expect(pr.body).toMatch(/Source commit \| \[`[0-9a-f]{12}`\]/);
    expect(pr.body).toContain('| source-health | ✅ passed |');
    expect(pr.body).toContain(
      '(https://argocd.example.com/nonprod/applications/argocd/gateway-staging)',
    );
    // one commit, one file, one line
    const after = k.provider.fileAt(
      branch,
      'envs/staging/gateway/values.yaml',
    )!;
    expect(after).toBe(before.replace(D1, D2));
    expect(k.provider.calls.commitFiles).toBe(1);
    expect(k.provider.fileAt('main', 'envs/staging/gateway/values.yaml')).toBe(
      before,
    );

    expect(k.auditor.events).toEqual([
      expect.objectContaining({
        eventId: 'promotion-create',
        severityLevel: 'medium',
        outcome: 'success',
        meta: expect.objectContaining({
          entityRef: 'component:default/gateway',
          to: 'staging',
          created: true,
          pullRequest: 1,
        }),
      }),
    ]);
    const list = await request(k.app).get(
      '/api/gitops/v1/promotions?entityRef=component:default/gateway',
    );
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([
      res.body.id,
    ]);
  });

  it('answers the same request with the open pull request (200), not a second one', async () => {
    const k = await kit();
    const first = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    const second = await promote(k.app, {
      entityRef: 'gateway',
      to: 'staging',
      from: 'dev',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(written(k)).toEqual({
      branches: [first.body.pullRequest.branch],
      pulls: 1,
      commits: 1,
    });
  });

  itOnEachDatabase(
    '20 identical promotions at once give exactly one pull request and one record',
    async id => {
      const k = createChangesKit({ knex: await migratedDatabase(id) });
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          promote(k.app, {
            entityRef: 'component:default/gateway',
            to: 'staging',
          }),
        ),
      );
      expect(responses.map(r => r.status).sort()).toEqual([
        ...Array(19).fill(200),
        201,
      ]);
      expect(new Set(responses.map(r => r.body.id)).size).toBe(1);
      expect(written(k)).toMatchObject({ pulls: 1, commits: 1 });
      expect(await k.store.list()).toHaveLength(1);
    },
    30_000,
  );

  itOnEachDatabase(
    'two replicas writing the same promotion at once open one pull request',
    async id => {
      const knex = await migratedDatabase(id);
      const a = createChangesKit({ knex });
      const b = createChangesKit({ knex });
      // both replicas talk to the same Git host
      (
        b.engine as unknown as { options: { provider: unknown } }
      ).options.provider = a.provider;
      (b.writer as unknown as { provider: unknown }).provider = a.provider;
      const [ra, rb] = await Promise.all([
        promote(a.app, {
          entityRef: 'component:default/gateway',
          to: 'staging',
        }),
        promote(b.app, {
          entityRef: 'component:default/gateway',
          to: 'staging',
        }),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 201]);
      expect(ra.body.id).toBe(rb.body.id);
      expect(a.provider.pulls).toHaveLength(1);
      expect(await a.store.list()).toHaveLength(1);
    },
    30_000,
  );

  it('merges at once into an auto-merge environment', async () => {
    const k = await kit({
      environments: [
        { name: 'dev' },
        { name: 'staging', autoMerge: true },
        { name: 'prod' },
      ],
    });
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'merged',
      mergedAt: expect.any(String),
      mergeCommit: expect.any(String),
    });
    expect(
      k.provider.fileAt('main', 'envs/staging/gateway/values.yaml'),
    ).toContain(D2);
    // a later identical request finds staging at that digest already
    const again = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(again.status).toBe(409);
    expect(
      again.body.gates.find((g: { name: string }) => g.name === 'not-at-digest')
        .passed,
    ).toBe(false);
    expect(k.provider.pulls).toHaveLength(1);
  });

  it('never auto-merges into an environment that needs approvals', async () => {
    const k = await kit();
    await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    }); // staging: no approvals, no autoMerge
    k.status.targets.staging = [target('staging', D1)];
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      from: 'dev',
      to: 'prod',
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('open');
    expect(k.provider.pull(2).body).toContain('| Approvals required | 2 |');
    expect(k.provider.calls.mergePullRequest ?? 0).toBe(0);
  });

  it.each([
    [
      'the source runs another digest',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [target('dev', D3)];
      },
      'source-digest',
    ],
    [
      'the source is degraded',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [
          target('dev', D2, { health: { status: 'Degraded', message: 'x' } }),
        ];
      },
      'source-health',
    ],
    [
      'the source health predates its last sync',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [target('dev', D2, { trusted: false })];
      },
      'source-health',
    ],
    [
      'a sync is running on the source',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [
          target('dev', D2, {
            operation: {
              phase: 'Running',
              message: null,
              startedAt: null,
              finishedAt: null,
            },
          }),
        ];
      },
      'source-health',
    ],
    [
      'the source rollout is paused',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [
          target('dev', D2, {
            rollout: {
              name: 'gateway',
              strategy: 'canary',
              phase: 'Paused',
              step: 1,
              steps: 4,
              setWeight: 20,
              actualWeight: 20,
              paused: true,
              aborted: false,
              message: null,
              analysis: null,
            },
          }),
        ];
      },
      'source-health',
    ],
    [
      'a deny window is active on the target',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.staging = [
          target('staging', D1, {
            syncWindows: {
              canSync: false,
              active: [
                {
                  kind: 'deny',
                  schedule: '* * * * *',
                  duration: '1h',
                  manualSync: false,
                },
              ],
            },
          }),
        ];
      },
      'sync-window',
    ],
    [
      'the target is at that digest already',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.provider.push('main', {
          'envs/staging/gateway/values.yaml': helmValues(D2),
        });
      },
      'not-at-digest',
    ],
    [
      'no application deploys the source',
      (k: Awaited<ReturnType<typeof kit>>) => {
        k.status.targets.dev = [];
      },
      'source-digest',
    ],
  ])(
    'refuses with 409 and the gates when %s, writing nothing',
    async (_name, arrange, gate) => {
      const k = await kit();
      arrange(k);
      const res = await promote(k.app, {
        entityRef: 'component:default/gateway',
        to: 'staging',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      const failed = res.body.gates
        .filter((g: { passed: boolean }) => !g.passed)
        .map((g: { name: string }) => g.name);
      expect(failed).toContain(gate);
      expect(res.body.gates).toHaveLength(5);
      expect(written(k)).toEqual({ branches: [], pulls: 0, commits: 0 });
      expect(await k.store.list()).toEqual([]);
      expect(k.auditor.events[0]).toMatchObject({
        outcome: 'fail',
        meta: { failedGates: expect.arrayContaining([gate]) },
      });
    },
  );

  it('plans a dry run, with the permission gate instead of a 403, and writes nothing', async () => {
    const k = await kit({ allow: p => p !== 'gitops.promotion.create' });
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'promotion',
      branch: `gitops/promote/gateway/staging/${'2'.repeat(12)}`,
      title: `Promote gateway to staging (${'2'.repeat(12)})`,
      digest: D2,
      previousDigest: D1,
      files: [
        {
          path: 'envs/staging/gateway/values.yaml',
          action: 'update',
          content: expect.stringContaining(D2),
        },
      ],
    });
    expect(
      res.body.gates.find((g: { name: string }) => g.name === 'permission'),
    ).toMatchObject({
      passed: false,
      message: expect.stringContaining('gitops.promotion.create'),
    });
    expect(written(k)).toEqual({ branches: [], pulls: 0, commits: 0 });
    expect(await k.store.list()).toEqual([]);
  });

  it('refuses without permission with 403, writing nothing', async () => {
    const k = await kit({ allow: p => p !== 'gitops.promotion.create' });
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('gitops.promotion.create');
    expect(written(k)).toEqual({ branches: [], pulls: 0, commits: 0 });
    expect(k.auditor.events[0]).toMatchObject({
      eventId: 'promotion-create',
      outcome: 'fail',
    });
  });

  it.each([
    [{ entityRef: 'component:default/nope', to: 'staging' }, 404, /not found/],
    [
      { entityRef: 'component:default/gateway', to: 'qa' },
      400,
      /Unknown environment "qa".*valid environments: dev, staging, prod/,
    ],
    [
      { entityRef: 'component:default/gateway', to: 'dev' },
      400,
      /first environment/,
    ],
    [
      { entityRef: 'component:default/gateway', from: 'prod', to: 'staging' },
      400,
      /staging does not come after prod/,
    ],
    [
      {
        entityRef: 'component:default/gateway',
        from: 'staging',
        to: 'staging',
      },
      400,
      /does not come after/,
    ],
    [
      { entityRef: 'component:default/plain', to: 'staging' },
      400,
      /has no GitOps annotation/,
    ],
    [
      { entityRef: 'component:default/sneaky', to: 'staging' },
      400,
      /not a plain folder name/,
    ],
    [
      { entityRef: 'component:default/gateway' },
      400,
      /^Invalid request body 'to': is missing$/,
    ],
    [
      { entityRef: 'component:default/gateway', to: 'staging', force: true },
      400,
      /^Invalid request body 'force': not allowed$/,
    ],
    [
      { entityRef: '', to: 'staging' },
      400,
      /^Invalid request body 'entityRef': \S/,
    ],
  ])('answers %j with %i, writing nothing', async (body, status, message) => {
    const k = await kit({
      entities: [
        entity('gateway'),
        entity('plain', {}),
        entity('sneaky', { 'gitops/service': '../prod' }),
      ],
    });
    const res = await promote(k.app, body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(written(k)).toEqual({ branches: [], pulls: 0, commits: 0 });
  });

  it('deletes the branch it pushed when the pull request cannot be opened, and a retry succeeds', async () => {
    const k = await kit();
    k.provider.failures.createPullRequest = Object.assign(
      new Error('GitHub could not open a pull request (502): Bad Gateway'),
      {
        name: 'GitProviderError',
        statusCode: 502,
      },
    );
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(502);
    expect(written(k)).toMatchObject({ branches: [], pulls: 0 });
    const [failed] = await k.store.list();
    expect(failed).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('502'),
    });

    k.provider.failures.createPullRequest = undefined;
    const retry = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(retry.status).toBe(201);
    expect(k.provider.pulls).toHaveLength(1);
  });

  it('answers 409 when the pin file changes on main between read and write, writing nothing', async () => {
    const k = await kit();
    let changed = false;
    k.provider.onCall = method => {
      if (method === 'findPullRequest' && !changed) {
        changed = true;
        k.provider.push(
          'main',
          { 'envs/staging/gateway/values.yaml': helmValues(D3) },
          'someone else',
        );
      }
    };
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /envs\/staging\/gateway\/values\.yaml changed on main since it was read/,
    );
    expect(written(k)).toEqual({ branches: [], pulls: 0, commits: 0 });
    expect(
      k.provider.fileAt('main', 'envs/staging/gateway/values.yaml'),
    ).toContain(D3);
  });

  it('writes on top of unrelated changes made on main meanwhile', async () => {
    const k = await kit();
    let changed = false;
    k.provider.onCall = method => {
      if (method === 'findPullRequest' && !changed) {
        changed = true;
        k.provider.push('main', { 'README.md': 'hello' }, 'docs');
      }
    };
    const res = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(res.status).toBe(201);
  });

  it('completes the change of a writer that died after pushing its commit, without a second commit', async () => {
    const k = await kit({});
    const writer = k.writer as unknown as { leaseMs: number };
    writer.leaseMs = 0; // a claim is immediately someone else's to take over
    k.provider.failures.createPullRequest = new Error('process killed');
    // simulate a crash: the branch survives (deleteBranch fails), the record stays claimed
    k.provider.failures.deleteBranch = new Error('process killed');
    const store = k.store as unknown as {
      update: (...a: unknown[]) => Promise<unknown>;
    };
    const realUpdate = store.update.bind(k.store);
    store.update = async (id, patch) => {
      if ((patch as { state?: string }).state === 'failed')
        throw new Error('process killed');
      return realUpdate(id, patch);
    };
    await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    const branch = `gitops/promote/gateway/staging/${'2'.repeat(12)}`;
    expect(k.provider.branches.has(branch)).toBe(true);
    expect((await k.store.findActive(branch))?.pullRequest).toBeNull();

    store.update = realUpdate;
    k.provider.failures.createPullRequest = undefined;
    k.provider.failures.deleteBranch = undefined;
    const retry = await promote(k.app, {
      entityRef: 'component:default/gateway',
      to: 'staging',
    });
    expect(retry.status).toBe(201);
    expect(k.provider.calls.commitFiles).toBe(1);
    expect(k.provider.pulls).toHaveLength(1);
    expect(await k.store.list()).toHaveLength(1);
  });
});
