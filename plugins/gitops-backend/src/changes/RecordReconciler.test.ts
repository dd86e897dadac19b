import request from 'supertest';
import { createChangesKit, D2, target } from '../__testUtils__/changesTestKit';
import { migratedDatabase } from '../__testUtils__/databases';
import { RecordReconciler } from './RecordReconciler';

async function setup() {
  const k = createChangesKit({ knex: await migratedDatabase('SQLITE_3') });
  const reconciler = new RecordReconciler({
    store: k.store,
    writer: k.writer,
    provider: k.provider,
    statusReader: k.status,
    findEntity: async record =>
      (await k.catalog.getEntityByRef(
        record.entityRef ?? `component:default/${record.service}`,
        {
          credentials: undefined as never,
        },
      )) ?? undefined,
    logger: k.logger,
  });
  return { k, reconciler };
}

describe('RecordReconciler', () => {
  it('follows an open pull request to merged, then to deployed once every target runs the digest', async () => {
    const { k, reconciler } = await setup();
    const res = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    expect(await reconciler.run()).toMatchObject({
      checked: 1,
      merged: 0,
      deployed: 0,
    });

    await k.provider.mergePullRequest(res.body.pullRequest.number);
    k.status.targets.staging = [
      target('staging', D2),
      target('staging', null, { cluster: 'staging-2' }),
    ];
    expect(await reconciler.run()).toMatchObject({ merged: 1, deployed: 0 });
    expect(await k.store.get(res.body.id)).toMatchObject({
      state: 'merged',
      mergeCommit: expect.any(String),
    });

    k.status.targets.staging = [
      target('staging', D2),
      target('staging', D2, { cluster: 'staging-2' }),
    ];
    expect(await reconciler.run()).toMatchObject({ checked: 1, deployed: 1 });
    const record = await k.store.get(res.body.id);
    expect(record).toMatchObject({
      state: 'deployed',
      deployedAt: expect.any(String),
    });
    expect(await reconciler.run()).toMatchObject({ checked: 0 });
  });

  it('marks a pull request closed unmerged as closed, which frees its branch', async () => {
    const { k, reconciler } = await setup();
    const res = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    k.provider.close(res.body.pullRequest.number);
    expect(await reconciler.run()).toMatchObject({ closed: 1 });
    expect(
      await k.store.findActive(res.body.pullRequest.branch),
    ).toBeUndefined();
    // the same promotion again opens a new pull request from a fresh branch
    const again = await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    expect(again.status).toBe(201);
    expect(again.body.pullRequest.number).toBe(2);
  });

  it('counts a failure of one record and goes on with the others', async () => {
    const { k, reconciler } = await setup();
    await request(k.app)
      .post('/api/gitops/v1/promotions')
      .send({ entityRef: 'component:default/gateway', to: 'staging' });
    k.provider.failures.getPullRequest = new Error('host down');
    expect(await reconciler.run()).toMatchObject({ checked: 1, errors: 1 });
  });
});
