import { mockServices } from '@backstage/backend-test-utils';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { readGitOpsConfig } from '../config/GitOpsConfig';
import { ApplicationIndex, type IndexEvent } from './ApplicationIndex';
import {
  MockArgoCd,
  fixture,
  ndjsonFixture,
  registerArgoCdMsw,
} from './__testUtils__/MockArgoCd';
import { waitFor } from './__testUtils__/waitFor';

const server = setupServer();
registerArgoCdMsw(server);

function setup(options: { cache?: any; idleTimeoutMs?: number } = {}) {
  const nonprod = new MockArgoCd({
    name: 'nonprod',
    url: 'https://argocd.nonprod.example.com',
    token: 'nonprod-token-123456',
    list: fixture('applications-nonprod.json'),
  });
  const prod = new MockArgoCd({
    name: 'prod',
    url: 'https://argocd.prod.example.com',
    username: 'backstage',
    password: 'prod-password-123456',
    list: fixture('applications-prod.json'),
  });
  server.use(...nonprod.handlers(), ...prod.handlers());
  const config = readGitOpsConfig(
    new ConfigReader({
      gitops: {
        repository: { url: 'https://github.com/acme/gitops' },
        environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }],
        argocd: {
          instances: [
            nonprod.config({ timeout: 300, listTimeout: 300 }),
            prod.config({ timeout: 300, listTimeout: 300 }),
          ],
        },
      },
    }),
  );
  const index = ApplicationIndex.fromConfig(config, {
    logger: mockServices.logger.mock(),
    cache: options.cache,
    backoff: { initialMs: 20, maxMs: 100 },
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const events: IndexEvent[] = [];
  index.subscribe(e => events.push(e));
  return { nonprod, prod, index, events, config };
}

const names = (apps: { instance: string; name: string }[]) =>
  apps.map(a => `${a.instance}/${a.name}`).sort();

describe('ApplicationIndex', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('lists every instance at start, then follows the watch stream from the list version', async () => {
    const { nonprod, prod, index } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    await waitFor(() => nonprod.openStreams === 1 && prod.openStreams === 1);

    expect(names(index.withService('gateway', ['nonprod', 'prod']))).toEqual([
      'nonprod/gateway-dev',
      'nonprod/gateway-preview-pr-42',
      'nonprod/gateway-staging',
      'prod/gateway-prod',
    ]);
    expect(index.instanceState('nonprod')).toEqual({
      name: 'nonprod',
      ready: true,
      error: null,
      applications: 8,
    });
    const watch = nonprod.callsTo('/api/v1/stream/applications')[0];
    expect(watch.query.get('resourceVersion')).toBe('1846301');
    // list, subscribe, catch-up list
    expect(nonprod.calls.map(c => c.path)).toEqual([
      '/api/v1/applications',
      '/api/v1/stream/applications',
      '/api/v1/applications',
    ]);
    // session auth on prod: one login for all of it
    expect(prod.callsTo('/api/v1/session', 'POST')).toHaveLength(1);
  });

  it('applies stream events: modified, added, deleted', async () => {
    const { nonprod, index, events } = setup();
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    const before = events.length;

    for (const line of ndjsonFixture('stream-applications-nonprod.ndjson')) {
      nonprod.emit(line.result.type, line.result.application);
    }
    await waitFor(() => !index.get('nonprod', 'argocd/orphan-tool'));
    expect(index.get('nonprod', 'argocd/gateway-dev')?.health.status).toBe(
      'Progressing',
    );
    expect(
      index.get('nonprod', 'argocd/search-staging')?.classification,
    ).toEqual({
      environment: 'staging',
      service: 'search',
      preview: false,
      sourceIndex: 0,
    });
    expect(
      events
        .slice(before)
        .map(e =>
          e.type === 'application'
            ? `${e.change.key}:${!!e.change.current}`
            : e.type,
        ),
    ).toEqual([
      'argocd/gateway-dev:true',
      'argocd/search-staging:true',
      'argocd/orphan-tool:false',
    ]);
  });

  it('resumes a lost stream from the last version and catches up without keeping deleted apps', async () => {
    const { nonprod, index } = setup();
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    const [modified] = ndjsonFixture('stream-applications-nonprod.ndjson');
    nonprod.emit('MODIFIED', modified.result.application);
    await waitFor(
      () =>
        index.get('nonprod', 'argocd/gateway-dev')?.resourceVersion ===
        '1846330',
    );

    // The server restarts; while nobody listens, web-staging is deleted and ledger-staging
    // changes. No event will ever say so.
    nonprod.endStreams();
    nonprod.removeApplication('web-staging');
    const ledger = structuredClone(nonprod.application('ledger-staging'));
    ledger.metadata.resourceVersion = '1846400';
    ledger.status.sync.status = 'Synced';
    nonprod.setApplication(ledger);
    nonprod.listResourceVersion = '1846400';

    await waitFor(
      () => nonprod.callsTo('/api/v1/stream/applications').length === 2,
    );
    expect(
      nonprod
        .callsTo('/api/v1/stream/applications')[1]
        .query.get('resourceVersion'),
    ).toBe('1846330');
    await waitFor(() => !index.get('nonprod', 'argocd/web-staging'));
    expect(index.get('nonprod', 'argocd/ledger-staging')?.sync.status).toBe(
      'Synced',
    );
    expect(index.get('nonprod', 'argocd/gateway-dev')?.resourceVersion).toBe(
      '1846330',
    );
    expect(index.instanceState('nonprod')?.error).toBeNull();
  });

  it('reconnects a stream that sends nothing for the idle period, and lists to catch up', async () => {
    const { nonprod, index } = setup({ idleTimeoutMs: 300 });
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    // The connection hangs: the changes' events never arrive, and the stream does not close.
    nonprod.removeApplication('web-staging');
    const ledger = structuredClone(nonprod.application('ledger-staging'));
    ledger.metadata.resourceVersion = '1846400';
    ledger.status.sync.status = 'Synced';
    nonprod.setApplication(ledger);
    nonprod.listResourceVersion = '1846400';
    const lists = nonprod.callsTo('/api/v1/applications').length;

    await waitFor(
      () => nonprod.callsTo('/api/v1/stream/applications').length === 2,
    );
    await waitFor(() => !index.get('nonprod', 'argocd/web-staging'));
    expect(index.get('nonprod', 'argocd/ledger-staging')?.sync.status).toBe(
      'Synced',
    );
    expect(nonprod.callsTo('/api/v1/applications').length).toBeGreaterThan(
      lists,
    );
    // resubscribed from the last version it knew, then listed to catch up
    expect(
      nonprod
        .callsTo('/api/v1/stream/applications')[1]
        .query.get('resourceVersion'),
    ).toBe('1846301');
    const order = nonprod.calls.map(c => c.path);
    expect(order.lastIndexOf('/api/v1/applications')).toBeGreaterThan(
      order.lastIndexOf('/api/v1/stream/applications'),
    );
    // a reconnect that works is no failure: nothing to show in the status
    expect(index.instanceState('nonprod')?.error).toBeNull();
  });

  it('keeps a stream that goes on sending within the idle period', async () => {
    const { nonprod, index } = setup({ idleTimeoutMs: 600 });
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    const [modified] = ndjsonFixture('stream-applications-nonprod.ndjson');
    const app = structuredClone(modified.result.application);
    for (let i = 0; i < 12; i++) {
      app.metadata.resourceVersion = String(1846330 + i);
      nonprod.emit('MODIFIED', app);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(index.get('nonprod', 'argocd/gateway-dev')?.resourceVersion).toBe(
      '1846341',
    );
    expect(nonprod.callsTo('/api/v1/stream/applications')).toHaveLength(1);
  });

  it('shows a failed periodic list in the instance state until a list succeeds', async () => {
    const { nonprod, index, events } = setup();
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    expect(index.instanceState('nonprod')?.error).toBeNull();

    nonprod.failure = 'server-error'; // the open stream stays quiet and open meanwhile
    const before = events.length;
    await index.relistAll();
    expect(index.instanceState('nonprod')).toMatchObject({
      ready: true,
      error: { code: 'UNREACHABLE' },
    });
    expect(index.instanceState('prod')?.error).toBeNull();
    expect(events.slice(before)).toContainEqual({
      type: 'instance',
      instance: 'nonprod',
    });
    expect(index.withName('gateway-dev', ['nonprod'])).toHaveLength(1);

    nonprod.failure = null;
    await index.relistAll();
    expect(index.instanceState('nonprod')?.error).toBeNull();
  });

  it('starts with an unreachable instance, reports it, and recovers with backoff', async () => {
    const { prod, nonprod, index } = setup();
    stop = () => index.stop();
    prod.failure = 'down';
    index.start();
    await index.settled();
    expect(index.instanceState('prod')).toMatchObject({
      ready: false,
      error: { code: 'UNREACHABLE' },
    });
    expect(index.instanceState('nonprod')).toMatchObject({
      ready: true,
      error: null,
    });
    expect(index.withName('gateway-dev', ['nonprod'])).toHaveLength(1);

    await waitFor(() => prod.calls.length >= 3);
    prod.failure = null;
    await waitFor(() => index.instanceState('prod')?.ready === true);
    await waitFor(() => index.instanceState('prod')?.error === null);
    expect(index.withName('gateway-prod', ['prod'])).toHaveLength(1);
    expect(nonprod.openStreams).toBe(1);
  });

  it('keeps the data of an instance that starts failing, and says so', async () => {
    const { nonprod, index } = setup();
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    nonprod.failure = 'unauthorized';
    nonprod.endStreams();
    await waitFor(
      () => index.instanceState('nonprod')?.error?.code === 'UNAUTHORIZED',
    );
    expect(index.instanceState('nonprod')?.ready).toBe(true);
    expect(index.withName('gateway-dev', ['nonprod'])).toHaveLength(1);
  });

  it('shares the periodic full list between replicas through the cache', async () => {
    const cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
      'gitops',
    );
    const a = setup({ cache });
    const b = setup({ cache });
    stop = async () => {
      await a.index.stop();
      await b.index.stop();
    };
    // replica B never lists by itself here: it only merges what A published
    await a.index.relistAll();
    expect(b.index.withName('gateway-dev', ['nonprod'])).toHaveLength(0);
    await b.index.applySharedSnapshots();
    expect(names(b.index.withService('ledger', ['nonprod', 'prod']))).toEqual([
      'nonprod/ledger-dev',
      'nonprod/ledger-staging',
      'prod/ledger-prod',
    ]);
    // an older list does not override newer news
    const [modified] = ndjsonFixture('stream-applications-nonprod.ndjson');
    b.index.start();
    await waitFor(() => b.nonprod.openStreams === 1);
    b.nonprod.emit('MODIFIED', modified.result.application);
    await waitFor(
      () =>
        b.index.get('nonprod', 'argocd/gateway-dev')?.health.status ===
        'Progressing',
    );
    await b.index.applySharedSnapshots();
    expect(b.index.get('nonprod', 'argocd/gateway-dev')?.health.status).toBe(
      'Progressing',
    );
  });

  it('refreshes one application directly for fresh reads', async () => {
    const { nonprod, index } = setup();
    stop = () => index.stop();
    index.start();
    await waitFor(() => nonprod.openStreams === 1);
    const fresh = structuredClone(fixture('application-gateway-dev.json'));
    fresh.metadata.resourceVersion = '1846500';
    fresh.status.health.status = 'Degraded';
    nonprod.setApplication(fresh);
    const app = await index.refreshApplication('nonprod', {
      name: 'gateway-dev',
    });
    expect(app?.health.status).toBe('Degraded');
    expect(index.get('nonprod', 'argocd/gateway-dev')?.health.status).toBe(
      'Degraded',
    );
  });

  it('stops every stream on stop', async () => {
    const { nonprod, prod, index } = setup();
    index.start();
    await waitFor(() => nonprod.openStreams === 1 && prod.openStreams === 1);
    await index.stop();
    await expect(
      waitFor(() => nonprod.openStreams === 0 && prod.openStreams === 0),
    ).resolves.toBe(true);
  });
});
