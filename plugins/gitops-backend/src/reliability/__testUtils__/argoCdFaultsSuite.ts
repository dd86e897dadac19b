/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import { http, HttpResponse } from 'msw';
import { InMemoryRepositoryProvider } from '../../__testUtils__/InMemoryRepositoryProvider';
import { defaultFiles } from '../../__testUtils__/changesTestKit';
import type { MockArgoCd } from '../../argocd/__testUtils__/MockArgoCd';
import {
  gitopsConfigData,
  mockInstances,
  NONPROD_TOKEN,
  PROD_PASSWORD,
} from '../../argocd/__testUtils__/readSideSetup';
import { answerProblem } from './answerShape';
import { memoryGitModule } from './memoryGitModule';
import { eventually, type ReliabilityWorld } from './ReliabilityWorld';
import {
  component,
  type ReliabilityBackend,
  startReliabilityBackend,
} from './startReliabilityBackend';

const STATUS = '/v1/entities/default/component/gateway/status';
/** An error chunk that ends a watch stream, as Argo CD's server sends when it goes away. */
const TRANSPORT_CLOSING = `${JSON.stringify({
  error: { code: 14, message: 'transport is closing', http_code: 503 },
})}\n`;

interface Status {
  environments: Array<{
    name: string | null;
    targets: Array<{
      instance: string;
      application: { name: string };
      health: { status: string };
      error: { code: string; message: string } | null;
    }>;
  }>;
  previews: Array<{ instance: string; application: { name: string } }>;
  errors: Array<{ instance: string; code: string; message: string }>;
}

/** Every application the status shows, as `instance/name`, sorted. */
function shown(status: Status): string[] {
  return [...status.environments.flatMap(e => e.targets), ...status.previews]
    .map(t => `${t.instance}/${t.application.name}`)
    .sort();
}

/** A fault of one instance, injected and cleared by the test. */
interface ArgoFault {
  name: string;
  instance: 'nonprod' | 'prod';
  inject(mock: MockArgoCd): void;
  clear(mock: MockArgoCd): void;
  /** The error the status shows for the instance meanwhile. */
  code: string;
  message: RegExp;
}

/**
 * Faults of Argo CD instances at the protocol level (msw): refused connections, answers past
 * the timeout, 500, 401 (with a token, and with a session to renew), malformed JSON, a watch
 * stream that drops in the middle of an event, old events replayed. The other instance keeps
 * answering, the error names the instance, and after recovery the index holds exactly the
 * applications that exist.
 */
export function describeArgoCdFaults(world: ReliabilityWorld) {
  describe('Argo CD faults', () => {
    let app: ReliabilityBackend;
    let nonprod: MockArgoCd;
    let prod: MockArgoCd;
    /** A fault the instances' own knobs do not have: answers every call with it. */
    let answer:
      | { instance: string; respond: (request: Request) => Response }
      | undefined;
    let previewNumber = 100;
    let extraProd = false;
    /** The preview applications nonprod holds now, and the one new ones are copied from. */
    const livePreviews = new Set(['gateway-preview-pr-42']);
    let previewTemplate: any;
    /** Applications a re-list (not a DELETED event) found gone, as last seen. */
    const relistedAway: any[] = [];

    beforeAll(async () => {
      ({ nonprod, prod } = mockInstances(world.msw));
      previewTemplate = JSON.parse(
        JSON.stringify(nonprod.application('gateway-preview-pr-42')),
      );
      world.msw.use(
        ...[nonprod, prod].map(mock =>
          http.all(`${mock.url}/api/v1/*`, ({ request }) =>
            answer && answer.instance === mock.name
              ? answer.respond(request)
              : undefined,
          ),
        ),
      );
      world.secrets.add(NONPROD_TOKEN);
      world.secrets.add(PROD_PASSWORD);
      const config = gitopsConfigData(nonprod, prod);
      app = await startReliabilityBackend({
        evidence: world.evidence,
        config: { gitops: config },
        entities: [component('gateway'), component('ledger')],
        features: [
          memoryGitModule(
            new InMemoryRepositoryProvider(defaultFiles()),
            config.repository.url,
          ),
        ],
      });
      await eventually(async () => {
        const res = await app.client.get(STATUS);
        return res.status === 200 && (res.json as Status).errors.length === 0;
      }, 'both instances to be read');
    }, 30_000);

    afterAll(async () => {
      for (const s of prod?.sessions ?? []) world.secrets.add(s);
      await app?.stop();
      world.msw.resetHandlers();
    }, 30_000);

    function newPreview() {
      previewNumber += 1;
      const name = `gateway-preview-pr-${previewNumber}`;
      livePreviews.add(name);
      return {
        ...JSON.parse(JSON.stringify(previewTemplate)),
        metadata: {
          ...previewTemplate.metadata,
          name,
          uid: `preview-${previewNumber}`,
          resourceVersion: String(1900000 + previewNumber),
        },
      };
    }

    /**
     * Changes the world while the instance cannot tell (no watch event): nonprod's previews
     * replaced by a new one, a second gateway application added to or removed from prod.
     * Returns what the index must show once the instance is read again.
     */
    function changeSilently(instance: 'nonprod' | 'prod') {
      if (instance === 'nonprod') {
        const gone = [...livePreviews].map(name => nonprod.application(name));
        for (const app_ of gone) nonprod.removeApplication(app_.metadata.name);
        livePreviews.clear();
        const added = newPreview();
        nonprod.setApplication(added);
        return { gone, added: [added.metadata.name] };
      }
      extraProd = !extraProd;
      if (extraProd) {
        const template = JSON.parse(
          JSON.stringify(prod.application('gateway-prod')),
        );
        template.metadata = {
          ...template.metadata,
          name: 'gateway-prod-eu',
          uid: 'gateway-prod-eu',
          resourceVersion: String(100000 + previewNumber),
        };
        prod.setApplication(template);
        return { gone: [], added: ['gateway-prod-eu'] };
      }
      const gone = [prod.application('gateway-prod-eu')];
      prod.removeApplication('gateway-prod-eu');
      return { gone, added: [] };
    }

    /** True when the status shows the change: every added application, no gone one. */
    function reflects(
      status: Status,
      instance: string,
      change: { gone: any[]; added: string[] },
    ): boolean {
      const names = shown(status);
      return (
        change.added.every(n => names.includes(`${instance}/${n}`)) &&
        change.gone.every(
          a => !names.includes(`${instance}/${a.metadata.name}`),
        )
      );
    }

    /** A new preview announced on the stream; once it shows, every earlier line was read. */
    async function freshEvent(): Promise<Status> {
      const app_ = newPreview();
      nonprod.emit('ADDED', app_);
      return eventually(async () => {
        const s_ = (await app.client.get(STATUS)).json as Status;
        return shown(s_).includes(`nonprod/${app_.metadata.name}`)
          ? s_
          : undefined;
      }, 'a fresh event to arrive');
    }

    /** The status, answered in time, while the other instance must keep answering. */
    async function statusDuring(fault: ArgoFault): Promise<Status> {
      const startedAt = Date.now();
      const res = await app.client.get(STATUS);
      expect(answerProblem(res)).toBeNull();
      expect(res.status).toBe(200);
      expect(Date.now() - startedAt).toBeLessThan(3000);
      const status = res.json as Status;
      const other = fault.instance === 'nonprod' ? 'prod' : 'nonprod';
      const others = status.environments
        .flatMap(e => e.targets)
        .filter(t => t.instance === other);
      expect(others.length).toBeGreaterThan(0);
      expect(status.errors.filter(e => e.instance === other)).toEqual([]);
      return status;
    }

    const respondWith = (
      instance: string,
      respond: (request: Request) => Response,
    ) => ({
      inject: () => {
        answer = { instance, respond };
      },
      clear: () => {
        answer = undefined;
      },
    });
    const knob = (failure: MockArgoCd['failure']) => ({
      inject: (mock: MockArgoCd) => {
        mock.failure = failure;
      },
      clear: (mock: MockArgoCd) => {
        mock.failure = null;
      },
    });

    const faults: ArgoFault[] = [
      {
        name: 'refusing connections',
        instance: 'nonprod',
        ...knob('down'),
        code: 'UNREACHABLE',
        message: /Argo CD instance nonprod is unreachable/,
      },
      {
        name: 'hanging past the timeout',
        instance: 'nonprod',
        ...knob('slow'),
        code: 'TIMEOUT',
        message: /Argo CD instance nonprod did not answer .* within 300 ms/,
      },
      {
        name: 'answering 500',
        instance: 'nonprod',
        // and repeats the credential it was sent, as a misconfigured proxy would
        ...respondWith('nonprod', request =>
          HttpResponse.json(
            {
              error: 'internal',
              code: 13,
              message: `etcdserver: leader changed (${request.headers.get(
                'authorization',
              )})`,
            },
            { status: 500 },
          ),
        ),
        code: 'UNREACHABLE',
        message: /Argo CD instance nonprod answered 500/,
      },
      {
        name: 'answering 401 to an expired token',
        instance: 'nonprod',
        ...knob('unauthorized'),
        code: 'UNAUTHORIZED',
        message: /Argo CD instance nonprod answered 401/,
      },
      {
        name: 'answering malformed JSON',
        instance: 'nonprod',
        ...respondWith(
          'nonprod',
          () =>
            new HttpResponse(
              '{"metadata":{"resourceVersion":"1"},"items":[{"metadata":',
              {
                headers: { 'Content-Type': 'application/json' },
              },
            ),
        ),
        code: 'INVALID_RESPONSE',
        message: /Argo CD instance nonprod answered .* not JSON/,
      },
      {
        name: 'answering an HTML error page',
        instance: 'nonprod',
        ...knob('garbage'),
        code: 'INVALID_RESPONSE',
        message: /Argo CD instance nonprod answered .* not JSON/,
      },
      {
        name: 'refusing connections',
        instance: 'prod',
        ...knob('down'),
        code: 'UNREACHABLE',
        message: /Argo CD instance prod is unreachable/,
      },
    ];

    it.each(faults.map(f => [f.instance, f.name, f] as const))(
      '%s %s: the other instance answers, the error names the instance, the index recovers exactly',
      async (_instance, _name, fault) => {
        const mock = fault.instance === 'nonprod' ? nonprod : prod;
        fault.inject(mock);
        const change = changeSilently(fault.instance);
        mock.emitRaw(TRANSPORT_CLOSING); // the live stream ends; reconnecting meets the fault
        await eventually(async () => {
          const status = await statusDuring(fault);
          return status.errors.some(
            e =>
              e.instance === fault.instance &&
              e.code === fault.code &&
              fault.message.test(e.message),
          );
        }, `the status to report ${fault.code} for ${fault.instance}`);

        fault.clear(mock);
        // No application that is gone, none missing that exists.
        const recovered = await eventually(async () => {
          const status = (await app.client.get(STATUS)).json as Status;
          return status.errors.length === 0 &&
            reflects(status, fault.instance, change)
            ? status
            : undefined;
        }, `${fault.instance} to recover`);
        expect(recovered.errors).toEqual([]);
        if (fault.instance === 'nonprod') relistedAway.push(...change.gone);
        world.counters.survived();
      },
      30_000,
    );

    it('prod answers 401 to an expired session: it logs in again with username and password', async () => {
      const logins = prod.callsTo('/api/v1/session', 'POST').length;
      prod.sessions.push('revoked-by-the-server'); // the client's token is no longer valid
      const change = changeSilently('prod');
      prod.emitRaw(TRANSPORT_CLOSING);
      await eventually(async () => {
        const status = (await app.client.get(STATUS)).json as Status;
        return status.errors.length === 0 && reflects(status, 'prod', change);
      }, 'prod to be read again with a new session');
      expect(prod.callsTo('/api/v1/session', 'POST').length).toBe(logins + 1);
      world.counters.survived();
    }, 30_000);

    it('nonprod drops its watch stream in the middle of an event: the index catches up exactly', async () => {
      const change = changeSilently('nonprod');
      nonprod.emitRaw(
        '{"result":{"type":"MODIFIED","application":{"metadata":{"na',
      );
      nonprod.endStreams();
      const recovered = await eventually(async () => {
        const status = (await app.client.get(STATUS)).json as Status;
        return status.errors.length === 0 && reflects(status, 'nonprod', change)
          ? status
          : undefined;
      }, 'nonprod to be read again');
      expect(recovered.errors).toEqual([]);
      relistedAway.push(...change.gone);
      world.counters.survived();
    }, 30_000);

    it('nonprod replays an old event of a live application: the newer state stays', async () => {
      const current = nonprod.application('gateway-dev');
      const stale = JSON.parse(JSON.stringify(current));
      stale.metadata.resourceVersion = String(
        Number(current.metadata.resourceVersion) - 100,
      );
      stale.status.health = { status: 'Degraded', message: 'old news' };
      nonprod.emitRaw(
        `${JSON.stringify({
          result: { type: 'MODIFIED', application: stale },
        })}\n`,
      );
      const status = await freshEvent();
      const dev = status.environments
        .flatMap(e => e.targets)
        .find(t => t.application.name === 'gateway-dev')!;
      expect(dev.health.status).toBe('Healthy');
      world.counters.survived();
    }, 30_000);

    it('nonprod replays the ADDED event of an application deleted since: it stays deleted', async () => {
      const [name] = livePreviews;
      const victim = nonprod.application(name);
      livePreviews.delete(name);
      // As Kubernetes does, the deletion carries a newer resourceVersion than the object had.
      nonprod.emit('DELETED', {
        ...victim,
        metadata: {
          ...victim.metadata,
          resourceVersion: String(Number(victim.metadata.resourceVersion) + 1),
        },
      });
      await eventually(async () => {
        const s_ = (await app.client.get(STATUS)).json as Status;
        return !shown(s_).includes(`nonprod/${name}`);
      }, 'the deletion to be seen');
      nonprod.emitRaw(
        `${JSON.stringify({
          result: { type: 'ADDED', application: victim },
        })}\n`,
      );
      const status = await freshEvent();
      expect(shown(status)).not.toContain(`nonprod/${victim.metadata.name}`);
      world.counters.survived();
    }, 30_000);

    // An application a full list found gone has no tombstone (no DELETED event came): the
    // list's resourceVersion is what keeps its replayed ADDED event out.
    it('nonprod replays the ADDED event of an application a re-list found gone: it stays gone', async () => {
      // Gone while the stream was down, so known gone from a list, not from a DELETED event.
      const victim = relistedAway[relistedAway.length - 1];
      const before = shown((await app.client.get(STATUS)).json as Status);
      expect(before).not.toContain(`nonprod/${victim.metadata.name}`);
      nonprod.emitRaw(
        `${JSON.stringify({
          result: { type: 'ADDED', application: victim },
        })}\n`,
      );
      const status = await freshEvent();
      expect(shown(status)).not.toContain(`nonprod/${victim.metadata.name}`);
      world.counters.survived();
    }, 30_000);
  });
}
