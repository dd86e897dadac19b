import {
  mockApis,
  MockFetchApi,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  config,
  DIGEST_NEW,
  ENTITY_REF,
  makeDrift,
  makeGates,
  makeHistory,
  makePlan,
  makeRecord,
  makeStatus,
} from '../__testUtils__/status';
import { GateFailedError } from './GateFailedError';
import { GitOpsClient } from './GitOpsClient';

const BASE = 'http://backstage.test/api/gitops';
const server = setupServer();
registerMswTestHooks(server);

function client() {
  return new GitOpsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

describe('GitOpsClient', () => {
  it('reads the config and the status with the user token', async () => {
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/v1/config`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(config);
      }),
      http.get(
        `${BASE}/v1/entities/default/component/gateway/status`,
        ({ request }) => {
          seen.push(request.headers.get('authorization'));
          return HttpResponse.json(makeStatus());
        },
      ),
    );
    await expect(client().getConfig()).resolves.toEqual(config);
    const status = await client().getStatus(ENTITY_REF);
    expect(status.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(seen).toEqual(['Bearer user-token', 'Bearer user-token']);
  });

  it('builds entity routes from any form of entity reference', async () => {
    server.use(
      http.get(`${BASE}/v1/entities/team-a/component/web%20app/status`, () =>
        HttpResponse.json(makeStatus({ entityRef: 'x' })),
      ),
    );
    await expect(
      client().getStatus('Component:team-a/web app'),
    ).resolves.toMatchObject({ entityRef: 'x' });
  });

  it('passes drift, history and record queries', async () => {
    let driftQuery = '';
    let historyQuery = '';
    let recordQuery = '';
    server.use(
      http.get(
        `${BASE}/v1/entities/default/component/gateway/drift`,
        ({ request }) => {
          driftQuery = new URL(request.url).search;
          return HttpResponse.json(makeDrift());
        },
      ),
      http.get(
        `${BASE}/v1/entities/default/component/gateway/history`,
        ({ request }) => {
          historyQuery = new URL(request.url).search;
          return HttpResponse.json(makeHistory());
        },
      ),
      http.get(`${BASE}/v1/promotions`, ({ request }) => {
        recordQuery = new URL(request.url).search;
        return HttpResponse.json({ items: [makeRecord()] });
      }),
    );
    const api = client();
    await api.getDrift(ENTITY_REF, {
      environment: 'dev',
      instance: 'nonprod',
      application: 'gateway-dev',
      namespace: 'argocd',
    });
    await api.getPinHistory(ENTITY_REF, { environment: 'prod', cursor: 'c2' });
    const records = await api.listChanges(ENTITY_REF, { state: 'open' });
    expect(new URLSearchParams(driftQuery).get('application')).toBe(
      'gateway-dev',
    );
    expect(new URLSearchParams(driftQuery).get('environment')).toBe('dev');
    expect(new URLSearchParams(driftQuery).get('namespace')).toBe('argocd');
    expect(historyQuery).toBe('?environment=prod&cursor=c2');
    expect(new URLSearchParams(recordQuery).get('entityRef')).toBe(ENTITY_REF);
    expect(new URLSearchParams(recordQuery).get('state')).toBe('open');
    expect(records.items).toHaveLength(1);
  });

  it('sends dry runs and real promotions', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${BASE}/v1/promotions`, async ({ request }) => {
        const body = (await request.json()) as { dryRun: boolean };
        bodies.push(body);
        return body.dryRun
          ? HttpResponse.json(makePlan())
          : HttpResponse.json(makeRecord(), { status: 201 });
      }),
    );
    const api = client();
    const plan = await api.planPromotion({
      entityRef: ENTITY_REF,
      from: 'dev',
      to: 'staging',
    });
    expect(plan.digest).toBe(DIGEST_NEW);
    const record = await api.promote({
      entityRef: ENTITY_REF,
      from: 'dev',
      to: 'staging',
    });
    expect(record.pullRequest?.number).toBe(42);
    expect(bodies).toEqual([
      { entityRef: ENTITY_REF, from: 'dev', to: 'staging', dryRun: true },
      { entityRef: ENTITY_REF, from: 'dev', to: 'staging', dryRun: false },
    ]);
  });

  it('turns a 409 with gates into a GateFailedError', async () => {
    server.use(
      http.post(`${BASE}/v1/rollbacks`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Gate sync-window failed',
            },
            request: { method: 'POST', url: '/api/gitops/v1/rollbacks' },
            response: { statusCode: 409 },
            gates: makeGates(['sync-window']),
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client()
      .rollback({ entityRef: ENTITY_REF, environment: 'prod' })
      .catch(e => e);
    expect(error).toBeInstanceOf(GateFailedError);
    expect(error.message).toBe('Gate sync-window failed');
    expect(error.failedGates.map((g: { name: string }) => g.name)).toEqual([
      'sync-window',
    ]);
  });

  it('keeps other errors as Backstage ResponseErrors', async () => {
    server.use(
      http.post(`${BASE}/v1/promotions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission gitops.promotion.create',
            },
            request: { method: 'POST', url: '/api/gitops/v1/promotions' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client()
      .planPromotion({ entityRef: ENTITY_REF, to: 'prod' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'Missing permission gitops.promotion.create',
    );
  });
});
