/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import { answerProblem } from './answerShape';
import { eventually, type ReliabilityWorld } from './ReliabilityWorld';
import { startSandboxBackend } from './sandboxBackend';
import type { ReliabilityBackend } from './startReliabilityBackend';

const STATUS = '/v1/entities/default/component/gateway/status';
const TIMEOUT_MS = 500;

interface Status {
  environments: Array<{
    targets: Array<{ instance: string; error: { message: string } | null }>;
  }>;
  previews: Array<{ application: { name: string } }>;
  errors: Array<{ instance: string; code: string; message: string }>;
}

/**
 * Outages of a real (sandbox) Argo CD instance, end to end over HTTP: an instance that drops
 * every connection while applications come and go on it, and one that answers only after
 * the timeout. The other instance keeps answering, errors name the instance, a promotion
 * fails closed, and the index converges on what exists once the instance is back.
 */
export function describeSandboxOutages(world: ReliabilityWorld) {
  describe('Argo CD outages (sandbox)', () => {
    let app: ReliabilityBackend;

    beforeAll(async () => {
      app = await startSandboxBackend(world, { argoTimeoutMs: TIMEOUT_MS });
      await eventually(async () => {
        const res = await app.client.get(STATUS);
        return res.status === 200 && res.json.errors.length === 0;
      }, 'both instances to be read');
    }, 30_000);

    afterAll(async () => {
      const knobs = world.sandbox().knobs;
      await knobs.startInstance('nonprod');
      await knobs.latency({ ms: 0 });
      await app?.stop();
    }, 30_000);

    async function status(): Promise<Status> {
      const startedAt = Date.now();
      const res = await app.client.get(STATUS);
      expect(answerProblem(res)).toBeNull();
      expect(Date.now() - startedAt).toBeLessThan(3000);
      return res.json;
    }

    const answering = (s: Status, instance: string) =>
      s.environments
        .flatMap(e => e.targets)
        .some(t => t.instance === instance && t.error === null) &&
      !s.errors.some(e => e.instance === instance);

    it('nonprod stops while previews come and go: prod answers, nonprod is named, and the index holds exactly what exists after', async () => {
      const knobs = world.sandbox().knobs;
      await knobs.preview({ service: 'gateway', number: 300, open: true });
      await eventually(
        async () =>
          (
            await status()
          ).previews.some(p => p.application.name === 'gateway-preview-pr-300'),
        'the preview to show',
      );

      await knobs.stopInstance('nonprod');
      await eventually(async () => {
        const s = await status();
        return (
          answering(s, 'prod') &&
          s.errors.some(
            e =>
              e.instance === 'nonprod' &&
              e.code === 'UNREACHABLE' &&
              e.message.includes('Argo CD instance nonprod'),
          )
        );
      }, 'nonprod to be reported unreachable');
      await knobs.preview({ service: 'gateway', number: 300, open: false });
      await knobs.preview({ service: 'gateway', number: 301, open: true });

      await knobs.startInstance('nonprod');
      const recovered = await eventually(
        async () => {
          const s = await status();
          return s.errors.length === 0 &&
            JSON.stringify(s.previews.map(p => p.application.name)) ===
              JSON.stringify(['gateway-preview-pr-301'])
            ? s
            : undefined;
        },
        'nonprod to be read again, with exactly the previews that exist',
        20_000,
      );
      expect(answering(recovered, 'nonprod')).toBe(true);
      world.counters.survived();
    }, 40_000);

    it('prod answers only after the timeout: nonprod answers, prod is named, a promotion to prod fails closed', async () => {
      const knobs = world.sandbox().knobs;
      await knobs.latency({ instance: 'prod', ms: 4 * TIMEOUT_MS });
      // streams are dropped, so prod must be listed again, slowly
      await knobs.stopInstance('prod');
      await knobs.startInstance('prod');
      await eventually(async () => {
        const s = await status();
        return (
          answering(s, 'nonprod') &&
          s.errors.some(
            e =>
              e.instance === 'prod' &&
              e.code === 'TIMEOUT' &&
              e.message.includes(`Argo CD instance prod did not answer`),
          )
        );
      }, 'prod to be reported as timing out');

      const startedAt = Date.now();
      const plan = await app.client.post('/v1/promotions', {
        entityRef: 'component:default/gateway',
        to: 'prod',
        dryRun: true,
      });
      expect(answerProblem(plan)).toBeNull();
      expect(plan.status).toBe(200);
      expect(Date.now() - startedAt).toBeLessThan(10 * TIMEOUT_MS);
      // the windows of prod cannot be read now: the gate fails closed, naming why
      expect(
        plan.json.gates.find((g: { name: string }) => g.name === 'sync-window'),
      ).toMatchObject({
        passed: false,
        message: expect.stringContaining('Argo CD instance prod'),
      });

      await knobs.latency({ instance: 'prod', ms: 0 });
      await eventually(
        async () => (await status()).errors.length === 0,
        'prod to recover',
        20_000,
      );
      world.counters.survived();
    }, 40_000);
  });
}
