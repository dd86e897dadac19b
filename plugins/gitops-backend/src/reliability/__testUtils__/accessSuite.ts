/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import { mockCredentials } from '@backstage/backend-test-utils';
import { answerProblem } from './answerShape';
import type { BackendResponse } from './BackendClient';
import { digestOf } from './hostileFiles';
import {
  type MemoryGitBackend,
  startMemoryGitBackend,
} from './memoryGitBackend';
import type { ReliabilityWorld } from './ReliabilityWorld';

interface Change {
  path: string;
  permission: string;
  body: Record<string, unknown>;
  /** The same change with an environment the conditional policy does not allow. */
  elsewhere?: Record<string, unknown>;
}

/** One request of every mutating route that the plugin would carry out if allowed. */
function changes(): Change[] {
  return [
    {
      path: '/v1/promotions',
      permission: 'gitops.promotion.create',
      body: { entityRef: 'component:default/gateway', to: 'staging' },
      elsewhere: { entityRef: 'component:default/gateway', to: 'prod' },
    },
    {
      path: '/v1/rollbacks',
      permission: 'gitops.rollback.create',
      body: {
        entityRef: 'component:default/ledger',
        environment: 'staging',
        digest: digestOf('5'),
      },
      elsewhere: {
        entityRef: 'component:default/ledger',
        environment: 'prod',
        digest: digestOf('5'),
      },
    },
    {
      path: '/v1/pins',
      permission: 'gitops.pin.create',
      body: {
        service: 'ledger',
        environment: 'staging',
        digest: digestOf('6'),
      },
    },
    {
      path: '/v1/onboardings',
      permission: 'gitops.pin.create',
      body: { service: 'payments', image: 'ghcr.io/acme/payments' },
    },
  ];
}

/**
 * Access: every mutating route refuses an unauthenticated caller (401) and a caller the
 * policy refuses (403, also through a conditional decision), with no side effect; every read
 * route applies `gitops.status.read`.
 */
export function describeAccess(world: ReliabilityWorld) {
  describe('access', () => {
    let app: MemoryGitBackend;

    beforeAll(async () => {
      app = await startMemoryGitBackend(world);
    }, 30_000);

    afterEach(() => app?.policy.reset());

    afterAll(async () => {
      await app?.stop();
    }, 30_000);

    async function refused(
      res: BackendResponse,
      status: 401 | 403,
      before: { writes: number; records: number },
    ) {
      expect(answerProblem(res)).toBeNull();
      expect(res.status).toBe(status);
      expect(await app.sideEffects()).toEqual(before);
    }

    it.each(changes().map(c => [c.path, c] as const))(
      'POST %s refuses nobody (401) and a denied caller (403), changing nothing',
      async (_path, change) => {
        const before = await app.sideEffects();
        for (const authorization of [
          mockCredentials.none.header(),
          mockCredentials.user.invalidHeader(),
        ]) {
          await refused(
            await app.client.post(change.path, change.body, {
              headers: { authorization },
            }),
            401,
            before,
          );
        }

        app.policy.denied.add(change.permission);
        const denied = await app.client.post(change.path, change.body);
        await refused(denied, 403, before);
        expect(denied.json.error.message).toContain(change.permission);
        app.policy.reset();

        app.policy.denyAll = true;
        await refused(
          await app.client.post(change.path, change.body),
          403,
          before,
        );
        app.policy.reset();

        if (change.elsewhere) {
          // Allowed in dev and staging only: the prod request is refused by the condition.
          app.policy.onlyEnvironments.set(change.permission, [
            'dev',
            'staging',
          ]);
          await refused(
            await app.client.post(change.path, change.elsewhere),
            403,
            before,
          );
          app.policy.reset();
        }
        expect(
          app.auditor.events.filter(
            e =>
              e.outcome === 'fail' &&
              /Missing permission/.test(e.errorMessage ?? ''),
          ).length,
        ).toBeGreaterThan(0);

        // The same request, allowed, gets past the guard: the guard is what refused it.
        const allowed = await app.client.post(change.path, change.body);
        expect(answerProblem(allowed)).toBeNull();
        expect([401, 403]).not.toContain(allowed.status);
      },
      30_000,
    );

    it('applies gitops.status.read on every read route, records included', async () => {
      const pin = await app.client.post('/v1/pins', {
        service: 'gateway',
        environment: 'staging',
        digest: digestOf('7'),
      });
      const rollback = await app.client.post('/v1/rollbacks', {
        entityRef: 'component:default/gateway',
        environment: 'staging',
        digest: digestOf('8'),
      });
      expect([pin.status, rollback.status]).toEqual([201, 201]);
      const entity = '/v1/entities/default/component/gateway';
      const reads = [
        `${entity}/status`,
        `${entity}/drift?instance=nonprod&application=gateway-staging`,
        `${entity}/events`,
        `${entity}/history?environment=staging`,
        '/v1/promotions?entityRef=component:default/gateway',
        `/v1/promotions/${rollback.json.id}`,
      ];
      const pinRecord = `/v1/promotions/${pin.json.id}`;
      for (const path of [
        ...reads,
        pinRecord,
        '/v1/promotions',
        '/v1/config',
      ]) {
        const res = await app.client.get(path, {
          headers: { authorization: mockCredentials.none.header() },
        });
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }

      app.policy.denied.add('gitops.status.read');
      for (const path of reads) {
        const res = await app.client.get(path);
        expect(answerProblem(res)).toBeNull();
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
      // Lists show no record of an entity the caller may not read; a change made by service
      // name (no entity) is not shown to a caller who may neither read nor make one.
      app.policy.denied.add('gitops.pin.create');
      for (const path of ['/v1/promotions', '/v1/promotions?service=gateway']) {
        const res = await app.client.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect({ path, items: res.json.items }).toEqual({ path, items: [] });
      }
      const hidden = await app.client.get(pinRecord);
      expect(answerProblem(hidden)).toBeNull();
      expect([403, 404]).toContain(hidden.status);

      app.policy.reset();
      for (const path of [...reads, pinRecord]) {
        const res = await app.client.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      const all = await app.client.get('/v1/promotions');
      expect(all.json.items.map((r: { id: string }) => r.id)).toEqual(
        expect.arrayContaining([pin.json.id, rollback.json.id]),
      );
    }, 30_000);
  });
}
