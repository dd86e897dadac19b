/**
 * InstanceWatcher against a real ArgoCdClient and a MockArgoCd (msw), with a recording sink:
 * the list / subscribe / catch-up order, resourceVersion handling, stream events handed over in
 * order, reconnects after a stream that ends, breaks, carries an error or stays silent
 * (idle timeout), a failing instance with backoff, and stop().
 */
import { mockServices } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { ArgoCdClient, type ApplicationWatchEvent } from './ArgoCdClient';
import { toGitOpsError } from './ArgoCdError';
import { InstanceWatcher } from './InstanceWatcher';
import { maxResourceVersion } from './resourceVersions';
import {
  MockArgoCd,
  fixture,
  ndjsonFixture,
  registerArgoCdMsw,
} from './__testUtils__/MockArgoCd';
import { gitopsConfig } from './__testUtils__/readSideSetup';
import { waitFor } from './__testUtils__/waitFor';

const server = setupServer();
registerArgoCdMsw(server);

const LIST = '/api/v1/applications';
const WATCH = '/api/v1/stream/applications';

/** What the index would do, recorded: relists go to Argo CD through the same client. */
function recordingSink(client: ArgoCdClient) {
  const sink = {
    log: [] as string[],
    errors: [] as unknown[],
    version: null as string | null,
    /** Relists (1-based) that throw instead of listing. */
    failRelists: new Set<number>(),
    relists: 0,
    async relist(signal: AbortSignal) {
      sink.relists += 1;
      sink.log.push('relist');
      if (sink.failRelists.has(sink.relists)) throw new Error('merge failed');
      const list = await client.listApplications(signal);
      sink.version = maxResourceVersion(sink.version, list.resourceVersion);
    },
    onEvent(event: ApplicationWatchEvent) {
      sink.log.push(`${event.type}:${event.application.metadata.name}`);
      sink.version = maxResourceVersion(
        sink.version,
        event.application.metadata.resourceVersion,
      );
    },
    onHealth(error: unknown | null) {
      if (error) sink.errors.push(error);
      sink.log.push(
        error ? `failing:${toGitOpsError(error, client.name).code}` : 'ok',
      );
    },
    resourceVersion: () => sink.version,
  };
  return sink;
}

function setup(
  options: { idleTimeoutMs?: number; backoff?: { initialMs: number } } = {},
) {
  const nonprod = new MockArgoCd({
    name: 'nonprod',
    url: 'https://argocd.nonprod.example.com',
    token: 'nonprod-token-watcher-9d2e',
    list: fixture('applications-nonprod.json'),
  });
  const prod = new MockArgoCd({
    name: 'prod',
    url: 'https://argocd.prod.example.com',
    token: 'prod-token-unused',
  });
  server.use(...nonprod.handlers());
  const client = ArgoCdClient.fromConfig(
    gitopsConfig(nonprod, prod).argocd.instances[0],
  );
  const sink = recordingSink(client);
  const logger = mockServices.logger.mock();
  const watcher = new InstanceWatcher({
    client,
    sink,
    logger,
    backoff: { initialMs: 20, maxMs: 100, ...options.backoff },
    idleTimeoutMs: options.idleTimeoutMs,
  });
  return { nonprod, sink, logger, watcher };
}

const paths = (mock: MockArgoCd, from = 0) =>
  mock.calls.slice(from).map(c => c.path);

describe('InstanceWatcher', () => {
  let watcher: InstanceWatcher | undefined;
  afterEach(async () => {
    await watcher?.stop();
    watcher = undefined;
  });

  it('lists, subscribes from the list version, lists again to catch up, then reports health', async () => {
    const s = setup();
    watcher = s.watcher;
    s.watcher.start();
    s.watcher.start(); // a second start runs no second loop
    await s.watcher.firstAttempt;
    await waitFor(() => s.nonprod.openStreams === 1);

    expect(paths(s.nonprod)).toEqual([LIST, WATCH, LIST]);
    expect(s.nonprod.callsTo(WATCH)[0].query.get('resourceVersion')).toBe(
      '1846301',
    );
    expect(s.sink.log).toEqual(['relist', 'relist', 'ok']);
    // resumed from a version: Argo CD replays nothing
    expect(s.sink.log.filter(l => l.startsWith('ADDED'))).toEqual([]);
  });

  it('hands every stream event to the sink in order, and follows the newest version', async () => {
    const s = setup();
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);
    for (const line of ndjsonFixture('stream-applications-nonprod.ndjson')) {
      s.nonprod.emit(line.result.type, line.result.application);
    }
    await waitFor(() => s.sink.log.length === 6);
    expect(s.sink.log.slice(3)).toEqual([
      'MODIFIED:gateway-dev',
      'ADDED:search-staging',
      'DELETED:orphan-tool',
    ]);
    expect(s.sink.resourceVersion()).toBe('1846332');
    expect(s.nonprod.callsTo(WATCH)).toHaveLength(1);
  });

  it('resumes a stream the server ended from the newest version, lists to catch up, and reports no failure', async () => {
    const s = setup();
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);
    const [modified] = ndjsonFixture('stream-applications-nonprod.ndjson');
    s.nonprod.emit('MODIFIED', modified.result.application);
    await waitFor(() => s.sink.resourceVersion() === '1846330');
    const before = s.nonprod.calls.length;

    s.nonprod.endStreams();
    await waitFor(() => s.nonprod.openStreams === 1);
    await waitFor(() => paths(s.nonprod, before).length === 2);

    expect(paths(s.nonprod, before)).toEqual([WATCH, LIST]);
    expect(s.nonprod.callsTo(WATCH)[1].query.get('resourceVersion')).toBe(
      '1846330',
    );
    await waitFor(() => s.sink.log.filter(l => l === 'ok').length === 2);
    expect(s.sink.errors).toEqual([]);
  });

  it('reports a broken stream as a failure, then resubscribes without a separate first list', async () => {
    const s = setup();
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);
    const before = s.nonprod.calls.length;

    s.nonprod.breakStreams();
    await waitFor(() => s.sink.log.filter(l => l === 'ok').length === 2);

    expect(s.sink.log.slice(3)).toEqual([
      'failing:UNREACHABLE',
      'relist',
      'ok',
    ]);
    expect(paths(s.nonprod, before)).toEqual([WATCH, LIST]);
    expect(s.nonprod.openStreams).toBe(1);
  });

  it('reports an error chunk of the stream with its code, and resubscribes', async () => {
    const s = setup();
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);

    s.nonprod.emitRaw(
      `${JSON.stringify({ error: { code: 16, message: 'token expired' } })}\n`,
    );
    await waitFor(() => s.sink.log.filter(l => l === 'ok').length === 2);
    expect(s.sink.log).toContain('failing:UNAUTHORIZED');
    expect(s.nonprod.callsTo(WATCH)).toHaveLength(2);
  });

  it('reports an instance that fails from the start, settles firstAttempt, and retries until it answers', async () => {
    const s = setup();
    watcher = s.watcher;
    s.nonprod.failure = 'down';
    s.watcher.start();
    await s.watcher.firstAttempt;
    expect(s.sink.log).toEqual(['relist', 'failing:UNREACHABLE']);

    await waitFor(() => s.nonprod.callsTo(LIST).length >= 3);
    expect(s.nonprod.callsTo(WATCH)).toHaveLength(0); // never subscribed without a list
    s.nonprod.failure = null;
    await waitFor(() => s.nonprod.openStreams === 1);
    await waitFor(() => s.sink.log[s.sink.log.length - 1] === 'ok');

    const warnings = s.logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings[0]).toMatch(
      /^Argo CD instance nonprod failed \(.+\); retrying in [\d.]+ s$/,
    );
    expect(warnings.join('\n')).not.toContain('nonprod-token-watcher');
  });

  it('closes the stream it opened when the catch-up list fails, and retries', async () => {
    const s = setup();
    watcher = s.watcher;
    s.sink.failRelists.add(2);
    s.watcher.start();
    await s.watcher.firstAttempt;
    expect(s.sink.log).toEqual([
      'relist',
      'relist',
      'failing:INVALID_RESPONSE',
    ]);

    await waitFor(() => s.sink.log[s.sink.log.length - 1] === 'ok');
    await waitFor(() => s.nonprod.openStreams === 1);
    // the first stream was closed: only the second one is open
    expect(s.nonprod.callsTo(WATCH)).toHaveLength(2);
    expect(s.nonprod.openStreams).toBe(1);
  });

  it('reconnects a stream that sends nothing for the idle timeout, and lists to catch up', async () => {
    const s = setup({ idleTimeoutMs: 200 });
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);

    await waitFor(() => s.nonprod.callsTo(WATCH).length === 2);
    await waitFor(() => s.nonprod.calls.length === 5);
    expect(paths(s.nonprod)).toEqual([LIST, WATCH, LIST, WATCH, LIST]);
    expect(s.nonprod.callsTo(WATCH)[1].query.get('resourceVersion')).toBe(
      '1846301',
    );
    expect(s.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('watch stream of nonprod sent nothing for'),
    );
    // a reconnect that works is no failure
    expect(s.sink.errors).toEqual([]);
  });

  it('keeps a stream that goes on sending within the idle timeout', async () => {
    const s = setup({ idleTimeoutMs: 600 });
    watcher = s.watcher;
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);
    const [modified] = ndjsonFixture('stream-applications-nonprod.ndjson');
    const app = structuredClone(modified.result.application);
    for (let i = 0; i < 10; i++) {
      app.metadata.resourceVersion = String(1846400 + i);
      s.nonprod.emit('MODIFIED', app);
      await new Promise(resolve => setTimeout(resolve, 120));
    }
    await waitFor(() => s.sink.resourceVersion() === '1846409');
    expect(s.nonprod.callsTo(WATCH)).toHaveLength(1);
    expect(s.logger.info).not.toHaveBeenCalled();
  });

  it('stop() closes the open stream, ends the loop and calls nothing more', async () => {
    const s = setup();
    s.watcher.start();
    await waitFor(() => s.nonprod.openStreams === 1);

    await s.watcher.stop();
    await waitFor(() => s.nonprod.openStreams === 0);
    const calls = s.nonprod.calls.length;
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(s.nonprod.calls).toHaveLength(calls);
    expect(s.sink.errors).toEqual([]);
  });

  it('stop() cuts a backoff wait short, and a stop during the first read is no failure', async () => {
    const failing = setup({ backoff: { initialMs: 60_000 } });
    failing.nonprod.failure = 'down';
    failing.watcher.start();
    await failing.watcher.firstAttempt;
    // the watcher now sleeps 30-60 s before retrying; stop must not wait for it
    await failing.watcher.stop();
    expect(failing.nonprod.calls).toHaveLength(1);

    const slow = setup();
    slow.nonprod.failure = 'slow';
    slow.watcher.start();
    await waitFor(() => slow.nonprod.calls.length === 1);
    await slow.watcher.stop();
    await expect(slow.watcher.firstAttempt).resolves.toBeUndefined();
    expect(slow.sink.log).toEqual(['relist']);
  });
});
