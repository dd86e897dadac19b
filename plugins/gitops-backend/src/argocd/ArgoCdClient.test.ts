import { createServer, type ServerResponse } from 'node:http';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ArgoCdClient } from './ArgoCdClient';
import { ArgoCdError } from './ArgoCdError';
import {
  MockArgoCd,
  fixture,
  ndjsonFixture,
  registerArgoCdMsw,
} from './__testUtils__/MockArgoCd';

const server = setupServer();
registerArgoCdMsw(server);

const TOKEN = 'argocd-api-token-do-not-leak-7f3a9c';
const PASSWORD = 'admin-password-do-not-leak-41b2';

function tokenInstance() {
  const mock = new MockArgoCd({
    name: 'nonprod',
    url: 'https://argocd.nonprod.example.com',
    token: TOKEN,
    list: fixture('applications-nonprod.json'),
  });
  server.use(...mock.handlers());
  const client = ArgoCdClient.fromConfig({
    ...mock.config(),
    timeout: 200,
    listTimeout: 300,
    appNamespaces: [],
  } as any);
  return { mock, client };
}

function sessionInstance() {
  const mock = new MockArgoCd({
    name: 'prod',
    url: 'https://argocd.prod.example.com/argocd',
    username: 'backstage',
    password: PASSWORD,
    list: fixture('applications-prod.json'),
  });
  server.use(...mock.handlers());
  const client = ArgoCdClient.fromConfig({
    ...mock.config(),
    timeout: 200,
    appNamespaces: [],
  } as any);
  return { mock, client };
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ArgoCdError);
  return error as ArgoCdError;
}

describe('ArgoCdClient', () => {
  it('lists applications shaped like Argo CD 3.x, with the bearer token', async () => {
    const { mock, client } = tokenInstance();
    const list = await client.listApplications();
    expect(list.resourceVersion).toBe('1846301');
    expect(list.invalid).toBe(0);
    expect(list.items.map(a => a.metadata.name)).toEqual([
      'gateway-dev',
      'gateway-staging',
      'ledger-staging',
      'web-staging',
      'gateway-preview-pr-42',
      'legacy-billing',
      'orphan-tool',
      'ledger-dev',
    ]);
    const web = list.items.find(a => a.metadata.name === 'web-staging')!;
    expect(web.spec.sources).toHaveLength(2);
    expect(web.status?.sync?.revisions).toEqual([
      '1.4.2',
      '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
    ]);
    expect(mock.calls[0].authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('leaves out malformed items and accepts a null item list', async () => {
    const { client } = tokenInstance();
    server.use(
      http.get('https://argocd.nonprod.example.com/api/v1/applications', () =>
        HttpResponse.json({
          metadata: { resourceVersion: '5' },
          items: [
            fixture('applications-nonprod.json').items[0],
            { metadata: { namespace: 'argocd' }, spec: {} },
          ],
        }),
      ),
    );
    const list = await client.listApplications();
    expect(list.items).toHaveLength(1);
    expect(list.invalid).toBe(1);

    server.use(
      http.get('https://argocd.nonprod.example.com/api/v1/applications', () =>
        HttpResponse.json({ metadata: {}, items: null }),
      ),
    );
    await expect(client.listApplications()).resolves.toEqual({
      items: [],
      resourceVersion: null,
      invalid: 0,
    });
  });

  it('reads one application, passing appNamespace for apps outside the control plane', async () => {
    const { mock, client } = tokenInstance();
    mock.setApplication(fixture('application-gateway-dev.json'));
    const app = await client.getApplication({
      name: 'gateway-dev',
      appNamespace: 'argocd',
    });
    expect(app.status?.resources?.[0].health?.status).toBe('Healthy');
    expect(mock.calls[0].path).toBe('/api/v1/applications/gateway-dev');
    expect(mock.calls[0].query.get('appNamespace')).toBe('argocd');

    const missing = await codeOf(client.getApplication({ name: 'nope' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('not found');
  });

  it('reads the resource tree, a resource manifest (JSON string) and managed resources', async () => {
    const { mock, client } = tokenInstance();
    mock.trees.set(
      'gateway-staging',
      fixture('resource-tree-gateway-staging.json'),
    );
    const rollout = JSON.parse(
      fixture('resource-rollout-gateway-staging.json').manifest,
    );
    mock.resources.set('gateway-staging/Rollout/gateway/gateway', rollout);
    mock.managed.set(
      'ledger-staging',
      fixture('managed-resources-ledger-staging.json'),
    );

    const tree = await client.getResourceTree({ name: 'gateway-staging' });
    expect(tree.nodes?.filter(n => n.kind === 'Pod')).toHaveLength(5);

    const manifest = (await client.getResource(
      { name: 'gateway-staging' },
      {
        namespace: 'gateway',
        name: 'gateway',
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Rollout',
      },
    )) as any;
    expect(manifest.kind).toBe('Rollout');
    expect(manifest.status.currentStepIndex).toBe(1);
    const call = mock.callsTo('/resource')[0];
    expect(Object.fromEntries(call.query)).toEqual({
      namespace: 'gateway',
      resourceName: 'gateway',
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Rollout',
    });

    const managed = await client.getManagedResources({
      name: 'ledger-staging',
    });
    expect(managed.items?.find(i => i.kind === 'ConfigMap')?.targetState).toBe(
      'null',
    );
  });

  it('reads sync windows', async () => {
    const { mock, client } = tokenInstance();
    mock.syncWindows.set(
      'gateway-dev',
      fixture('syncwindows-deny-active.json'),
    );
    const windows = await client.getSyncWindows({ name: 'gateway-dev' });
    expect(windows.canSync).toBe(false);
    expect(windows.activeWindows?.[0]).toEqual({
      kind: 'deny',
      schedule: '0 18 * * 5',
      duration: '63h',
      manualSync: false,
    });
  });

  it('logs in with the session API, caches the token and renews it once on 401', async () => {
    const { mock, client } = sessionInstance();
    await Promise.all([client.listApplications(), client.listApplications()]);
    expect(mock.callsTo('/api/v1/session', 'POST')).toHaveLength(1);
    expect(
      mock.calls.filter(c => c.path.endsWith('/applications')),
    ).toHaveLength(2);

    // The server forgets the session (restart, expiry): one new login, then the call succeeds.
    mock.sessions.push('someone-elses-token');
    await client.listApplications();
    expect(mock.callsTo('/api/v1/session', 'POST')).toHaveLength(2);
    expect(mock.calls[mock.calls.length - 1].authorization).toBe(
      `Bearer ${mock.sessions[mock.sessions.length - 1]}`,
    );
  });

  it('reports a rejected login as UNAUTHORIZED without the password', async () => {
    const mock = new MockArgoCd({
      name: 'prod',
      url: 'https://argocd.prod.example.com/argocd',
      username: 'backstage',
      password: 'the-right-password',
    });
    server.use(...mock.handlers());
    const client = ArgoCdClient.fromConfig({
      name: 'prod',
      url: mock.url,
      username: 'backstage',
      password: PASSWORD,
      timeout: 200,
      appNamespaces: [],
    } as any);
    const error = await codeOf(client.listApplications());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).not.toContain(PASSWORD);
    expect(mock.callsTo('/api/v1/applications')).toHaveLength(0);
  });

  it.each([
    ['down', 'UNREACHABLE'],
    ['slow', 'TIMEOUT'],
    ['unauthorized', 'UNAUTHORIZED'],
    ['garbage', 'INVALID_RESPONSE'],
    ['server-error', 'UNREACHABLE'],
  ] as const)('maps an instance that is %s to %s', async (failure, code) => {
    const { mock, client } = tokenInstance();
    mock.failure = failure;
    mock.slowMs = 1000;
    const started = Date.now();
    const error = await codeOf(client.listApplications());
    expect(error.code).toBe(code);
    expect(error.instance).toBe('nonprod');
    expect(error.message).toContain('nonprod');
    expect(error.message).not.toContain(TOKEN);
    // bounded by the list timeout of the instance (300 ms), not by the slow answer (1 s)
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('times out a single call after the instance timeout', async () => {
    const { mock, client } = tokenInstance();
    mock.failure = 'slow';
    const started = Date.now();
    const error = await codeOf(client.getSyncWindows({ name: 'gateway-dev' }));
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('never repeats a secret that the server echoes', async () => {
    const { client } = tokenInstance();
    server.use(
      http.get(
        'https://argocd.nonprod.example.com/api/v1/applications',
        ({ request }) =>
          HttpResponse.json(
            {
              error: 'denied',
              code: 7,
              message: `permission denied for ${request.headers.get(
                'authorization',
              )}`,
            },
            { status: 403 },
          ),
      ),
    );
    const error = await codeOf(client.listApplications());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('permission denied for Bearer [REDACTED]');
    expect(error.message).not.toContain(TOKEN);
  });

  it('reads the watch stream across chunk boundaries and resumes from a resourceVersion', async () => {
    const { mock, client } = tokenInstance();
    const lines = ndjsonFixture('stream-applications-nonprod.ndjson');
    const controller = new AbortController();
    const stream = await client.watchApplications({
      resourceVersion: '1846301',
      signal: controller.signal,
    });
    expect(
      mock
        .callsTo('/api/v1/stream/applications')[0]
        .query.get('resourceVersion'),
    ).toBe('1846301');

    const text = lines.map(l => JSON.stringify(l)).join('\n');
    // split in the middle of a line, as TCP may
    mock.emitRaw(text.slice(0, 100));
    mock.emitRaw(`${text.slice(100)}\n`);
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(`${event.type} ${event.application.metadata.name}`);
      if (seen.length === 3) break;
    }
    controller.abort();
    expect(seen).toEqual([
      'MODIFIED gateway-dev',
      'ADDED search-staging',
      'DELETED orphan-tool',
    ]);
  });

  it('ends the watch stream of a real server at once on abort', async () => {
    // The reliability suite's stop hung for 150 s when the abort did not end the read (the
    // watch stream, fetched through msw's interceptor there, stayed open until its idle
    // timeout); the client now cancels its reader on abort. Here: a real server that never
    // ends the stream.
    const open = new Set<ServerResponse>();
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('\n');
      open.add(res);
    });
    await new Promise<void>(resolve =>
      upstream.listen(0, '127.0.0.1', resolve),
    );
    const { port } = upstream.address() as { port: number };
    try {
      const client = ArgoCdClient.fromConfig({
        name: 'local',
        url: `http://127.0.0.1:${port}`,
        token: TOKEN,
        timeout: 200,
        appNamespaces: [],
      } as any);
      const controller = new AbortController();
      const stream = await client.watchApplications({
        resourceVersion: '1',
        signal: controller.signal,
      });
      const iterate = (async () => {
        for await (const _ of stream) {
          // nothing is sent
        }
        return 'ended';
      })().catch(() => 'ended');
      setTimeout(() => controller.abort(), 20);
      const outcome = await Promise.race([
        iterate,
        new Promise(resolve => setTimeout(() => resolve('still open'), 2000)),
      ]);
      expect(outcome).toBe('ended');
    } finally {
      for (const res of open) res.end();
      upstream.closeAllConnections();
      await new Promise(resolve => upstream.close(resolve));
    }
  });

  it('reports a stream cut in the middle as UNREACHABLE', async () => {
    const { mock, client } = tokenInstance();
    const stream = await client.watchApplications({ resourceVersion: '1' });
    mock.breakStreams();
    const iterate = async () => {
      for await (const _ of stream) {
        // nothing
      }
    };
    const error = await codeOf(iterate());
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('closed the watch stream abruptly');
  });

  it('turns an error chunk or garbage on the stream into a typed error', async () => {
    const { mock, client } = tokenInstance();
    const stream = await client.watchApplications({ resourceVersion: '1' });
    mock.emitRaw(
      `${JSON.stringify({
        error: {
          grpc_code: 16,
          http_code: 401,
          code: 16,
          message: 'token is expired',
          http_status: 'Unauthorized',
        },
      })}\n`,
    );
    const iterate = async () => {
      for await (const _ of stream) {
        // nothing
      }
    };
    expect((await codeOf(iterate())).code).toBe('UNAUTHORIZED');

    const garbage = await client.watchApplications({ resourceVersion: '1' });
    mock.emitRaw('<html>oops</html>\n');
    const iterateGarbage = async () => {
      for await (const _ of garbage) {
        // nothing
      }
    };
    expect((await codeOf(iterateGarbage())).code).toBe('INVALID_RESPONSE');
  });
});
