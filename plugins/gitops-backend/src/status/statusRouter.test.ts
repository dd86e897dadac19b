import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitopsPermissions } from '@gitops-portal/plugin-gitops-common';
import {
  gitopsEntityPermissionResourceRef,
  gitopsPermissionRules,
} from '@gitops-portal/plugin-gitops-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { registerArgoCdMsw } from '../argocd/__testUtils__/MockArgoCd';
import {
  FakeDesiredState,
  NONPROD_TOKEN,
  PROD_PASSWORD,
  entity,
  gitopsConfigData,
  mockInstances,
} from '../argocd/__testUtils__/readSideSetup';
import { waitFor } from '../argocd/__testUtils__/waitFor';
import { readGitOpsConfig } from '../config/GitOpsConfig';
import { createRouter } from '../router';
import { EntityAccess } from '../service/EntityAccess';
import {
  ChangeRecordStore,
  type NewChangeRecord,
} from '../changes/ChangeRecordStore';
import { itOnEachDatabase, migratedDatabase } from '../__testUtils__/databases';
import { createStatusFeature } from './createStatusFeature';

const server = setupServer();
registerArgoCdMsw(server);

/**
 * The read side mounted the way plugin.ts mounts it, with a fake desired state, and the
 * change records of `records` when given.
 */
const readSidePlugin = (records?: ChangeRecordStore) =>
  createBackendPlugin({
    pluginId: 'gitops',
    register(env) {
      env.registerInit({
        deps: {
          rootConfig: coreServices.rootConfig,
          logger: coreServices.logger,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          catalog: catalogServiceRef,
          cache: coreServices.cache,
          scheduler: coreServices.scheduler,
          lifecycle: coreServices.lifecycle,
          auditor: coreServices.auditor,
        },
        async init(deps) {
          const config = readGitOpsConfig(deps.rootConfig);
          deps.permissionsRegistry.addResourceType({
            resourceRef: gitopsEntityPermissionResourceRef,
            permissions: gitopsPermissions.filter(p => p.type === 'resource'),
            rules: Object.values(gitopsPermissionRules),
          });
          const entityAccess = new EntityAccess(deps);
          const status = await createStatusFeature({
            ...deps,
            config,
            entityAccess,
            desiredState: new FakeDesiredState(),
            changeRecords: records,
          });
          deps.httpRouter.use(
            await createRouter({
              config,
              entityAccess,
              routers: [status.router],
            }),
          );
        },
      });
    },
  });

/** Every log line of the backend, to check that no secret is ever logged. */
class CapturingLogger implements RootLoggerService {
  constructor(
    readonly lines: string[] = [],
    private readonly meta: object = {},
  ) {}
  private log(level: string, message: string, meta?: unknown) {
    this.lines.push(
      `${level} ${message} ${JSON.stringify({
        ...this.meta,
        ...(meta as object),
      })}`,
    );
  }
  error(message: string, meta?: Error | object) {
    this.log(
      'error',
      message,
      meta instanceof Error ? { error: meta.stack } : meta,
    );
  }
  warn(message: string, meta?: Error | object) {
    this.log(
      'warn',
      message,
      meta instanceof Error ? { error: meta.stack } : meta,
    );
  }
  info(message: string, meta?: Error | object) {
    this.log('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.log('debug', message, meta);
  }
  child(meta: object) {
    return new CapturingLogger(this.lines, { ...this.meta, ...meta });
  }
}

const entities = [
  entity('gateway', { 'gitops/service': 'gateway' }),
  entity('ledger', { 'gitops/service': 'ledger' }),
];

async function start(
  options: {
    deny?: boolean;
    logger?: CapturingLogger;
    records?: ChangeRecordStore;
  } = {},
) {
  const { nonprod, prod } = mockInstances(server);
  const backend = await startTestBackend({
    features: [
      readSidePlugin(options.records),
      mockServices.rootConfig.factory({
        data: { gitops: gitopsConfigData(nonprod, prod) },
      }),
      catalogServiceMock.factory({ entities }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(options.logger
        ? [
            createServiceFactory({
              service: coreServices.rootLogger,
              deps: {},
              factory: () => options.logger!,
            }),
          ]
        : []),
    ],
  });
  return { http: backend.server, backend, nonprod, prod };
}

const STATUS = '/api/gitops/v1/entities/default/component/gateway/status';

/** Opens a server-sent events route; `nextEvent` reads the next event (comments skipped). */
async function openEvents(app: Server, path: string) {
  const { port } = app.address() as AddressInfo;
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: controller.signal,
    headers: { Authorization: mockCredentials.user.header() },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextEvent = async (): Promise<{ event: string; data: any }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) continue;
        const lines = Object.fromEntries(
          block
            .split('\n')
            .map(l => [
              l.slice(0, l.indexOf(':')),
              l.slice(l.indexOf(':') + 2),
            ]),
        );
        return { event: lines.event, data: JSON.parse(lines.data) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { nextEvent, close: () => controller.abort() };
}

const newRecord = (entityRef: string, branch: string): NewChangeRecord => ({
  type: 'promotion',
  entityRef,
  service: entityRef.split('/')[1],
  from: 'dev',
  to: 'staging',
  digest: `sha256:${'a'.repeat(64)}`,
  previousDigest: null,
  branch,
  createdBy: 'user:default/alice',
  gates: [],
});

describe('status routes', () => {
  it('answers the status with a strong ETag, and 304 to a matching If-None-Match', async () => {
    const { http: app, nonprod } = await start();
    // details (rollouts, sync windows) arrive in the background; wait until they are in
    const first = await waitFor(async () => {
      const res = await request(app).get(STATUS);
      return res.body.environments?.[1]?.targets[0]?.rollout ? res : null;
    });
    expect(first.status).toBe(200);
    expect(first.body.entityRef).toBe('component:default/gateway');
    expect(first.body.environments.map((e: any) => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    const etag = first.header.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const notModified = await request(app)
      .get(STATUS)
      .set('If-None-Match', etag);
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    await request(app)
      .get(STATUS)
      .set('If-None-Match', `W/${etag}`)
      .expect(304);

    // a change on the watch stream changes the body and its tag
    await waitFor(() => nonprod.openStreams === 1);
    const app_ = structuredClone(nonprod.application('gateway-dev'));
    app_.metadata.resourceVersion = '1847000';
    app_.status.health.status = 'Degraded';
    nonprod.emit('MODIFIED', app_);
    const changed = await waitFor(async () => {
      const res = await request(app).get(STATUS).set('If-None-Match', etag);
      return res.status === 200 ? res : null;
    });
    expect(changed.header.etag).not.toBe(etag);
    expect(changed.body.environments[0].targets[0].health.status).toBe(
      'Degraded',
    );
  });

  it('with ?wait=details, answers with the details read (bounded); 400 for another wait', async () => {
    const { http: app } = await start();
    const waited = await request(app).get(`${STATUS}?wait=details`);
    expect(waited.status).toBe(200);
    const targets = waited.body.environments.flatMap((e: any) => e.targets);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.map((t: any) => t.detailsLoading)).not.toContain(true);
    expect(waited.body.environments[1].targets[0].rollout).toMatchObject({
      strategy: 'canary',
    });

    const bad = await request(app).get(`${STATUS}?wait=forever`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Invalid query parameter 'wait': the only accepted value is 'details'",
    );
  });

  itOnEachDatabase(
    'with ?include=changes, carries the entity’s records under the ETag, and sends an event when one is written',
    async id => {
      const records = new ChangeRecordStore(await migratedDatabase(id));
      const { record: gateway } = await records.claim(
        newRecord('component:default/gateway', 'gitops/promote/gateway/1'),
        60_000,
      );
      await records.claim(
        newRecord('component:default/ledger', 'gitops/promote/ledger/1'),
        60_000,
      );
      const { http: app } = await start({ records });

      const plain = await request(app).get(STATUS);
      expect(plain.status).toBe(200);
      expect(plain.body).not.toHaveProperty('changes');

      const first = await request(app).get(`${STATUS}?include=changes`);
      expect(first.status).toBe(200);
      expect(first.body.changes).toEqual([
        expect.objectContaining({ id: gateway.id, state: 'open' }),
      ]);
      expect(first.body.changes[0]).not.toHaveProperty('branch');
      expect(first.body.changes[0]).not.toHaveProperty('leaseUntil');
      await request(app)
        .get(`${STATUS}?include=changes`)
        .set('If-None-Match', first.header.etag)
        .expect(304);

      // the record moves on: the status's tag changes with it
      await records.update(gateway.id, { state: 'merged' });
      const merged = await request(app)
        .get(`${STATUS}?include=changes`)
        .set('If-None-Match', first.header.etag);
      expect(merged.status).toBe(200);
      expect(merged.body.changes[0].state).toBe('merged');

      const events = await openEvents(
        app,
        '/api/gitops/v1/entities/default/component/gateway/events?include=changes',
      );
      const opened = await events.nextEvent();
      expect(opened.data.changes.map((r: any) => r.id)).toEqual([gateway.id]);
      const writtenAt = Date.now();
      const { record: next } = await records.claim(
        newRecord('component:default/gateway', 'gitops/promote/gateway/2'),
        60_000,
      );
      let event = await events.nextEvent();
      while (event.data.changes.length < 2) event = await events.nextEvent();
      expect(Date.now() - writtenAt).toBeLessThan(1000);
      expect(event.data.changes.map((r: any) => r.id)).toEqual([
        next.id,
        gateway.id,
      ]);
      events.close();

      const bad = await request(app).get(`${STATUS}?include=everything`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        "Invalid query parameter 'include': the only accepted value is 'changes'",
      );
    },
  );

  it('refuses ?include=changes with 400 where no change records are served', async () => {
    const { http: app } = await start();
    const res = await request(app).get(`${STATUS}?include=changes`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'include=changes is not available: this backend serves no change records',
    );
    await request(app)
      .get(
        '/api/gitops/v1/entities/default/component/gateway/events?include=changes',
      )
      .expect(400);
  });

  it('answers 404 for an unknown entity and 400 naming a bad parameter', async () => {
    const { http: app } = await start();
    const missing = await request(app).get(
      '/api/gitops/v1/entities/default/component/nope/status',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ name: 'NotFoundError' });

    const bad = await request(app).get(
      '/api/gitops/v1/entities/default/component/bad%20name/status',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ name: 'InputError' });
    expect(bad.body.error.message).toBe(
      "Invalid parameter 'name': not an entity name",
    );

    const base = '/api/gitops/v1/entities/default/component/ledger/drift';
    const noInstance = await request(app).get(
      `${base}?application=ledger-staging`,
    );
    expect(noInstance.status).toBe(400);
    expect(noInstance.body.error.message).toBe(
      "Invalid query parameter 'instance': is missing",
    );
    const unknownInstance = await request(app).get(
      `${base}?instance=https%3A%2F%2Fevil.example.com&application=ledger-staging`,
    );
    expect(unknownInstance.status).toBe(400);
    expect(unknownInstance.body.error.message).toContain(
      "'instance': not a configured Argo CD instance",
    );
    const badApp = await request(app).get(
      `${base}?instance=nonprod&application=../etc`,
    );
    expect(badApp.status).toBe(400);
    expect(badApp.body.error.message).toContain("'application'");
    const twice = await request(app).get(
      `${base}?instance=nonprod&instance=prod&application=ledger-staging`,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe(
      "Invalid query parameter 'instance': must be a single string, not a list",
    );
  });

  it('requires gitops.status.read on the entity, and a caller', async () => {
    const { http: app } = await start({ deny: true });
    const denied = await request(app).get(STATUS);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('gitops.status.read');
    await request(app)
      .get(
        '/api/gitops/v1/entities/default/component/ledger/drift?instance=nonprod&application=ledger-staging',
      )
      .expect(403);
    await request(app)
      .get('/api/gitops/v1/entities/default/component/gateway/events')
      .expect(403);
    await request(app)
      .get(STATUS)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });

  it('answers the drift of one of the entity’s applications only', async () => {
    const { http: app, nonprod } = await start();
    const base = '/api/gitops/v1/entities/default/component/ledger/drift';
    const drift = await request(app).get(
      `${base}?instance=nonprod&application=ledger-staging&environment=staging`,
    );
    expect(drift.status).toBe(200);
    expect(drift.body).toMatchObject({
      environment: 'staging',
      instance: 'nonprod',
      application: 'ledger-staging',
    });
    expect(drift.body.resources.map((r: any) => r.kind)).toEqual([
      'ConfigMap',
      'Deployment',
    ]);

    // another entity's application: not reachable through this entity
    await request(app)
      .get(`${base}?instance=nonprod&application=gateway-dev`)
      .expect(404);
    await request(app)
      .get(
        `${base}?instance=nonprod&application=ledger-staging&environment=prod`,
      )
      .expect(404);

    nonprod.failure = 'server-error';
    nonprod.managed.clear();
    const failing = await request(app).get(
      `${base}?instance=nonprod&application=ledger-dev`,
    );
    expect(failing.status).toBe(503);
    expect(failing.body.error.message).toContain('UNREACHABLE');
  });

  it('streams status events, and a new one when the watch stream reports a change', async () => {
    const { http: app, nonprod } = await start();
    const { nextEvent, close } = await openEvents(
      app,
      '/api/gitops/v1/entities/default/component/gateway/events',
    );
    const first = await nextEvent();
    expect(first.event).toBe('status');
    expect(first.data.environments[1].targets[0].health.status).toBe(
      'Suspended',
    );
    // the details read in the background come as another event
    let withDetails = first;
    while (!withDetails.data.environments[1].targets[0].rollout) {
      withDetails = await nextEvent();
    }
    expect(withDetails.data.environments[1].targets[0].rollout).toMatchObject({
      step: 1,
    });

    await waitFor(() => nonprod.openStreams === 1);
    const changed = structuredClone(nonprod.application('gateway-staging'));
    changed.metadata.resourceVersion = '1847100';
    changed.status.health.status = 'Healthy';
    const sentAt = Date.now();
    nonprod.emit('MODIFIED', changed);
    let second = await nextEvent();
    while (second.data.environments[1].targets[0].health.status !== 'Healthy') {
      second = await nextEvent();
    }
    expect(Date.now() - sentAt).toBeLessThan(1000);
    close();
  });

  it('ends event streams and watch streams when the backend stops', async () => {
    const { http: app, backend, nonprod, prod } = await start();
    const { port } = app.address() as AddressInfo;
    const response = await fetch(
      `http://127.0.0.1:${port}/api/gitops/v1/entities/default/component/gateway/events`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    const reader = response.body!.getReader();
    await reader.read(); // the first event
    await waitFor(() => nonprod.openStreams === 1 && prod.openStreams === 1);

    await backend.stop();
    let done = false;
    while (!done) {
      done = (await reader.read()).done;
    }
    expect(done).toBe(true);
    await waitFor(() => nonprod.openStreams === 0 && prod.openStreams === 0);
  });

  it('never lets a configured secret out: not in responses, logs or errors', async () => {
    const logger = new CapturingLogger();
    const { http: app, nonprod, prod } = await start({ logger });
    const bodies: string[] = [];
    const collect = (res: request.Response) => {
      bodies.push(JSON.stringify(res.header), res.text ?? '');
    };
    collect(await request(app).get(STATUS));
    collect(
      await request(app).get(
        '/api/gitops/v1/entities/default/component/ledger/drift?instance=nonprod&application=ledger-staging',
      ),
    );

    // instances that echo what they were sent
    server.use(
      http.get(
        'https://argocd.nonprod.example.com/api/v1/applications/:name/managed-resources',
        ({ request: r }) =>
          HttpResponse.json(
            {
              error: 'denied',
              code: 7,
              message: `no access for ${r.headers.get('authorization')}`,
            },
            { status: 403 },
          ),
      ),
      http.post(
        'https://argocd.prod.example.com/api/v1/session',
        async ({ request: r }) =>
          HttpResponse.json(
            {
              error: 'bad',
              code: 16,
              message: `invalid login ${JSON.stringify(await r.json())}`,
            },
            { status: 401 },
          ),
      ),
    );
    nonprod.failure = null;
    collect(
      await request(app).get(
        '/api/gitops/v1/entities/default/component/ledger/drift?instance=nonprod&application=ledger-dev',
      ),
    );
    prod.sessions.push('rotated');
    prod.endStreams();
    await waitFor(() =>
      logger.lines.some(l => l.includes('Argo CD instance prod failed')),
    );
    collect(await request(app).get(STATUS));

    const everything = [...bodies, ...logger.lines].join('\n');
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(everything).toContain('no access for Bearer [REDACTED]');
    for (const secret of [
      NONPROD_TOKEN,
      PROD_PASSWORD,
      ...prod.sessions.slice(0, -1),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
