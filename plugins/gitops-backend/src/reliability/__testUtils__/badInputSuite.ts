/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import fc from 'fast-check';
import { answerProblem } from './answerShape';
import { hostileFiles } from './hostileFiles';
import {
  type MemoryGitBackend,
  startMemoryGitBackend,
} from './memoryGitBackend';
import type { ReliabilityWorld } from './ReliabilityWorld';
import { fuzzRequest } from './routeArbitraries';

/** Property-based cases sent to the routes. */
const FUZZ_CASES = 5000;

/**
 * Bad input: every route's path, query and body fuzzed (fast-check), and hostile pin files in
 * the repository. Every answer is a success or a 4xx in Backstage's JSON error shape, never a
 * 5xx; a refusal writes nothing (no Git write, no record).
 */
export function describeBadInput(world: ReliabilityWorld) {
  describe('bad input', () => {
    let app: MemoryGitBackend;

    beforeAll(async () => {
      app = await startMemoryGitBackend(world);
    }, 30_000);

    afterAll(async () => {
      await app?.stop();
    }, 30_000);

    it(`answers ${FUZZ_CASES} fuzzed requests over every route with a success or a 4xx in Backstage's error shape, writing nothing when it refuses`, async () => {
      const statuses = new Map<number, number>();
      const routes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fuzzRequest(), async req => {
          world.counters.fuzzCases += 1;
          app.policy.reset();
          for (const name of req.deny) app.policy.denied.add(name);
          const before = await app.sideEffects();
          const res = await app.client.request(req.method, req.path, {
            body: req.body,
            rawBody: req.rawBody,
            headers: req.headers,
            streamMs: 5,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          routes.set(req.route, (routes.get(req.route) ?? 0) + 1);
          const problem = answerProblem(res);
          if (problem) throw new Error(`${req.method} ${req.path} ${problem}`);
          const dryRun =
            req.method === 'POST' &&
            typeof req.body === 'object' &&
            req.body !== null &&
            (req.body as { dryRun?: unknown }).dryRun === true;
          if (res.status >= 400 || dryRun || req.method === 'GET') {
            const after = await app.sideEffects();
            if (
              after.writes !== before.writes ||
              after.records !== before.records
            ) {
              throw new Error(
                `${req.method} ${req.path} answered ${
                  res.status
                } but wrote: ${JSON.stringify({ before, after })}`,
              );
            }
          }
        }),
        { numRuns: FUZZ_CASES, endOnFailure: true },
      );
      app.policy.reset();
      // The fuzzer reached every route, and both successes and refusals.
      expect(routes.size).toBe(12);
      expect([...statuses.keys()].some(s => s < 300)).toBe(true);
      for (const refusal of [400, 401, 403, 404]) {
        expect(statuses.get(refusal) ?? 0).toBeGreaterThan(0);
      }
    }, 240_000);

    it.each(hostileFiles().map(f => [f.what, f] as const))(
      'refuses to edit a pin file with %s: 400 naming the file, nothing written',
      async (_what, file) => {
        const path = `envs/staging/${file.service}/values.yaml`;
        const requests = [
          app.client.post('/v1/promotions', {
            entityRef: `component:default/${file.service}`,
            to: 'staging',
          }),
          app.client.post('/v1/rollbacks', {
            entityRef: file.service,
            environment: 'staging',
            digest: `sha256:${'c'.repeat(64)}`,
          }),
          app.client.post('/v1/pins', {
            service: file.service,
            environment: 'staging',
            digest: `sha256:${'c'.repeat(64)}`,
          }),
        ];
        const before = await app.sideEffects();
        for (const res of await Promise.all(requests)) {
          expect(answerProblem(res)).toBeNull();
          expect(res.status).toBe(400);
          expect(res.json.error.name).toBe('InputError');
          expect(res.json.error.message).toContain(path);
          expect(res.json.error.message).toMatch(file.reason);
        }
        expect(await app.sideEffects()).toEqual(before);

        // The status page still answers; an unreadable pin is logged with its file.
        const status = await app.client.get(
          `/v1/entities/default/component/${file.service}/status`,
        );
        expect(status.status).toBe(200);
        expect(
          world.evidence.contains('log', `envs/staging/${file.service}/`),
        ).toBe(!file.readable);
        world.counters.survived();
      },
      30_000,
    );

    it('refuses to onboard a service modelled on a hostile sibling, naming its file', async () => {
      const before = await app.sideEffects();
      const res = await app.client.post('/v1/onboardings', {
        service: 'newcomer',
        image: 'ghcr.io/acme/newcomer',
        environments: ['staging'],
      });
      expect(answerProblem(res)).toBeNull();
      expect(res.status).toBe(400);
      // siblings are taken in name order: the first is the aliased pin file
      expect(res.json.error.message).toContain(
        'envs/staging/aliased/values.yaml',
      );
      expect(await app.sideEffects()).toEqual(before);
      world.counters.survived();
    });

    it('refuses to onboard into an ApplicationSet file that is an alias bomb, naming it', async () => {
      const path = 'applicationsets/bomb/services.yaml';
      const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i <= 5; i++) {
        levels.push(
          `l${i}: &l${i} [${Array(10)
            .fill(`*l${i - 1}`)
            .join(', ')}]`,
        );
      }
      app.provider.push('main', {
        [path]: `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: bomb\nspec:\n  generators:\n    - list:\n        elements:\n          - service: gateway\n${levels.join(
          '\n',
        )}\n`,
      });
      try {
        const before = await app.sideEffects();
        const res = await app.client.post('/v1/onboardings', {
          service: 'newcomer',
          image: 'ghcr.io/acme/newcomer',
          environments: ['prod'],
        });
        expect(answerProblem(res)).toBeNull();
        expect(res.status).toBe(400);
        expect(res.json.error.message).toContain(path);
        expect(await app.sideEffects()).toEqual(before);
        world.counters.survived();
      } finally {
        app.provider.push('main', { [path]: null });
      }
    });
  });
}
