/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
// The tests are declared through `declare` (it, or it.skip where a service is missing), which
// the rule does not know.
/* eslint-disable jest/no-standalone-expect */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockServices,
  TestCaches,
  type TestCacheId,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { databases } from '../../__testUtils__/databases';
import { answerProblem } from './answerShape';
import { lostRecordsOf } from './gitProviderFaultsSuite';
import { eventually, type ReliabilityWorld } from './ReliabilityWorld';
import { SandboxGitHub } from './SandboxGitHub';
import { startSandboxBackend } from './sandboxBackend';
import type { ReliabilityBackend } from './startReliabilityBackend';
import { TaskRunLedger } from './TaskRunLedger';

const RECONCILE = 'gitops-change-records-reconcile';
const FULL_LIST = 'gitops-argocd-full-list';
const MERGE_LISTS = 'gitops-argocd-merge-shared-list';
const BURST = 20;

interface Variant {
  database: TestDatabaseId;
  cache: TestCacheId;
  /** The service whose dev → staging promotion the burst asks for. */
  service: string;
}

const caches = TestCaches.create({ ids: ['REDIS_7', 'MEMORY'] });

/**
 * How a replica reaches the shared database and cache. PostgreSQL and Redis: each replica
 * has its own connections, configured exactly as `app-config.production.yaml` configures
 * them (`backend.database`, `backend.cache`). SQLite in memory and the memory cache cannot be
 * shared between processes, so the replicas share one client of each.
 */
async function sharedServices(variant: Variant) {
  const knex: Knex = await databases.init(variant.database);
  const cache = await caches.init(variant.cache);
  if (variant.database === 'POSTGRES_15') {
    const { database } = (
      knex.client as { config: { connection: { database: string } } }
    ).config.connection;
    return {
      backend: {
        database: {
          client: 'pg',
          connection:
            process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
          plugin: { gitops: { connection: { database } } },
        },
        cache: {
          store: 'redis',
          connection: cache.connection,
          redis: {
            client: {
              namespace: `reliability-${randomBytes(4).toString('hex')}`,
            },
          },
        },
      },
      features: () => [],
    };
  }
  const manager = CacheManager.fromConfig(new ConfigReader({}));
  return {
    backend: undefined,
    features: () => [
      mockServices.database.factory({ knex }),
      createServiceFactory({
        service: coreServices.cache,
        deps: {},
        factory: () => manager.forPlugin('gitops'),
      }),
    ],
  };
}

/** What two replicas must agree on in a status: every target's sync, health and digest. */
function statusView(body: any) {
  return body.environments.map((e: any) => ({
    name: e.name,
    desired: e.desired?.digest ?? null,
    targets: e.targets.map((t: any) => [
      t.instance,
      t.application.name,
      t.sync.status,
      t.health.status,
      t.digest,
    ]),
  }));
}

/**
 * Concurrency: 20 identical promotions sent at once to two replicas of the backend that share
 * one database and one cache (`backend.database`, `backend.cache`), each with Backstage's real
 * scheduler. One pull request, one branch, one record; each global task runs on one replica
 * at a time; both replicas answer the same status and the same records.
 */
export function describeReplicas(world: ReliabilityWorld) {
  describe('two replicas, one database, one cache', () => {
    const variants: Variant[] = [
      { database: 'POSTGRES_15', cache: 'REDIS_7', service: 'gateway' },
      { database: 'SQLITE_3', cache: 'MEMORY', service: 'web' },
    ];

    for (const variant of variants) {
      const supported =
        databases.supports(variant.database) && caches.supports(variant.cache);
      if (!supported) {
        world.counters.skipped.push(`${variant.database}+${variant.cache}`);
      }
      // Reported as skipped (never as passed) where PostgreSQL or Redis is not available.
      const declare = supported ? it : it.skip;
      declare(
        `${BURST} identical promotions over two replicas on ${variant.database} and ${variant.cache}: one pull request, one record, one runner per task`,
        async () => {
          const github = new SandboxGitHub(world.sandbox());
          const shared = await sharedServices(variant);
          const ledger = new TaskRunLedger();
          ledger.holdMs = 300;
          const replicas: ReliabilityBackend[] = [];
          try {
            for (const name of ['a', 'b']) {
              replicas.push(
                await startSandboxBackend(world, {
                  backend: shared.backend,
                  gitops: {
                    recordsReconcileIntervalSeconds: 1,
                  },
                  fullListIntervalSeconds: 1,
                  features: [
                    ...shared.features(),
                    ledger.schedulerFactory(name),
                  ],
                }),
              );
            }
            const [a, b] = replicas;
            const request = {
              entityRef: `component:default/${variant.service}`,
              to: 'staging',
            };
            // The sandbox's dev runs its pin, healthy: the gates pass.
            await eventually(
              async () => {
                const plan = await a.client.post('/v1/promotions', {
                  ...request,
                  dryRun: true,
                });
                return plan.status === 200 &&
                  plan.json.gates.every((g: { passed: boolean }) => g.passed)
                  ? plan
                  : undefined;
              },
              `the gates of ${variant.service} to pass`,
              40_000,
              300,
            );

            const answers = await Promise.all(
              Array.from({ length: BURST }, (_, i) =>
                (i % 2 ? b : a).client.post('/v1/promotions', request),
              ),
            );
            for (const res of answers) expect(answerProblem(res)).toBeNull();
            const answered = answers.filter(r => r.status < 300);
            const branch = answers[0].json.pullRequest?.branch;
            const pulls = branch ? await github.pulls(branch) : [];
            world.counters.bursts.push({
              requests: BURST,
              answered: answered.length,
              pullRequests: pulls.length,
            });
            expect(answers.map(r => r.status).sort()).toEqual([
              ...Array(BURST - 1).fill(200),
              201,
            ]);
            expect(new Set(answers.map(r => r.json.id)).size).toBe(1);
            expect(pulls).toHaveLength(1);
            expect(await github.commitsAhead(branch)).toBe(1);

            // Both replicas answer the same records and the same status.
            const list = `/v1/promotions?entityRef=component:default/${variant.service}`;
            const [ra, rb] = await Promise.all([
              a.client.get(list),
              b.client.get(list),
            ]);
            expect(ra.json.items).toHaveLength(1);
            expect(rb.json.items).toEqual(ra.json.items);
            const status = `/v1/entities/default/component/${variant.service}/status`;
            await eventually(async () => {
              const [sa, sb] = await Promise.all([
                a.client.get(status),
                b.client.get(status),
              ]);
              const [va, vb] = [statusView(sa.json), statusView(sb.json)];
              return JSON.stringify(va) === JSON.stringify(vb) &&
                va.every((e: { targets: unknown[] }) => e.targets.length > 0)
                ? va
                : undefined;
            }, 'both replicas to answer the same status');

            // Merged by a reviewer: whichever replica runs the reconciliation records it, and
            // both answer it.
            await world.sandbox().knobs.mergePull(pulls[0].number);
            const id = answers[0].json.id;
            await eventually(
              async () => {
                const [x, y] = await Promise.all([
                  a.client.get(`/v1/promotions/${id}`),
                  b.client.get(`/v1/promotions/${id}`),
                ]);
                return ['merged', 'deployed'].includes(x.json.state) &&
                  JSON.stringify(x.json) === JSON.stringify(y.json)
                  ? x.json
                  : undefined;
              },
              'both replicas to answer the merged record',
              20_000,
              100,
            );

            // Each global task ran, never on both replicas at once; the local one on each.
            await eventually(
              () =>
                ledger.runsOf(RECONCILE).length >= 3 &&
                ledger.runsOf(FULL_LIST).length >= 3,
              'three runs of each global task',
              20_000,
            );
            expect(ledger.peakConcurrency(RECONCILE)).toBe(1);
            expect(ledger.peakConcurrency(FULL_LIST)).toBe(1);
            expect(ledger.runsOf(MERGE_LISTS, 'a').length).toBeGreaterThan(0);
            expect(ledger.runsOf(MERGE_LISTS, 'b').length).toBeGreaterThan(0);

            const lost = await lostRecordsOf(a.client, github, [branch]);
            world.counters.lostRecords += lost;
            expect(lost).toBe(0);
          } finally {
            for (const replica of replicas) await replica.stop();
          }
        },
        120_000,
      );
    }
  });
}
