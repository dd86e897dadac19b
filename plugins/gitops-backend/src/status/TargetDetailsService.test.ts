/**
 * TargetDetailsService over a real ApplicationIndex and MockArgoCd (msw) with an in-memory
 * cache: what it reads per target (Rollout manifest, resource tree, sync windows), "loading"
 * and `waitUntil`, stale-while-revalidate and `fresh`, shared concurrent reads, listeners,
 * refresh on index change, per-application errors, failing instances and a failing cache.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { ApplicationIndex } from '../argocd/ApplicationIndex';
import { fixture, registerArgoCdMsw } from '../argocd/__testUtils__/MockArgoCd';
import {
  gitopsConfig,
  memoryCache,
  mockInstances,
  testLogger,
} from '../argocd/__testUtils__/readSideSetup';
import { waitFor } from '../argocd/__testUtils__/waitFor';
import { TargetDetailsService } from './TargetDetailsService';

const server = setupServer();
registerArgoCdMsw(server);

async function setup(options: { syncWindowsTtlMs?: number; cache?: any } = {}) {
  const { nonprod, prod } = mockInstances(server);
  const logger = testLogger();
  const index = ApplicationIndex.fromConfig(gitopsConfig(nonprod, prod), {
    logger,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const details = new TargetDetailsService({
    index,
    cache: options.cache ?? memoryCache(),
    logger,
    syncWindowsTtlMs: options.syncWindowsTtlMs,
  });
  index.start();
  await index.settled();
  await waitFor(() => nonprod.openStreams === 1 && prod.openStreams === 1);
  const app = (name: string, instance = 'nonprod') =>
    index.withName(name, [instance])[0];
  const heard: string[] = [];
  details.subscribe(a => heard.push(a.name));
  return { nonprod, prod, index, details, logger, app, heard };
}

const NO_WINDOWS = { canSync: true, active: [] };
const FREEZE = {
  canSync: false,
  active: [
    {
      kind: 'deny',
      schedule: '0 18 * * 5',
      duration: '63h',
      manualSync: false,
    },
  ],
};

describe('TargetDetailsService', () => {
  let index: ApplicationIndex | undefined;
  afterEach(async () => {
    await index?.stop();
    index = undefined;
  });

  it('answers "loading" for details never read, reads them in the background, then serves the cache', async () => {
    const s = await setup();
    index = s.index;
    const dev = s.app('gateway-dev');

    expect(await s.details.get(dev)).toEqual({
      rollout: null,
      syncWindows: null,
      error: null,
      loading: true,
    });
    await s.details.whenIdle();
    const read = await s.details.get(dev);
    expect(read).toMatchObject({
      rollout: { name: 'gateway', phase: 'Healthy', setWeight: 100 },
      syncWindows: NO_WINDOWS,
      error: null,
      loading: false,
    });
    const resource = s.nonprod.callsTo('/gateway-dev/resource')[0];
    expect(Object.fromEntries(resource.query)).toMatchObject({
      kind: 'Rollout',
      group: 'argoproj.io',
      namespace: 'gateway',
      resourceName: 'gateway',
    });
    expect(s.nonprod.detailCalls().map(c => c.path)).toHaveLength(2);
    expect(s.heard).toEqual(['gateway-dev', 'gateway-dev']);

    expect(await s.details.get(dev)).toEqual(read);
    expect(s.nonprod.detailCalls()).toHaveLength(2);
  });

  it('reads no Rollout for an application that manages none, and maps sync windows', async () => {
    const s = await setup();
    index = s.index;
    await s.details.get(s.app('gateway-preview-pr-42'));
    await s.details.get(s.app('gateway-prod', 'prod'));
    await s.details.whenIdle();

    expect(await s.details.get(s.app('gateway-preview-pr-42'))).toEqual({
      rollout: null,
      syncWindows: NO_WINDOWS,
      error: null,
      loading: false,
    });
    expect(s.nonprod.detailCalls().map(c => c.path)).toEqual([
      '/api/v1/applications/gateway-preview-pr-42/syncwindows',
    ]);
    const prodDetails = await s.details.get(s.app('gateway-prod', 'prod'));
    expect(prodDetails.syncWindows).toEqual(FREEZE);
  });

  it('finds the Rollout through the resource tree when the answer listed no resources', async () => {
    const s = await setup();
    index = s.index;
    const staging = structuredClone(s.nonprod.application('gateway-staging'));
    staging.metadata.resourceVersion = '1846600';
    delete staging.status.resources;
    s.nonprod.emit('MODIFIED', staging);
    await waitFor(
      () =>
        s.index.get('nonprod', 'argocd/gateway-staging')?.resourcesKnown ===
        false,
    );

    await s.details.get(s.app('gateway-staging'));
    await s.details.whenIdle();
    const read = await s.details.get(s.app('gateway-staging'));
    // a paused canary without traffic routing: the tree counts its pods
    expect(read.rollout).toMatchObject({
      phase: 'Paused',
      step: 1,
      setWeight: 20,
      actualWeight: 20,
    });
    expect(
      s.nonprod
        .detailCalls()
        .map(c => c.path)
        .filter(p => !p.endsWith('/syncwindows')),
    ).toEqual([
      '/api/v1/applications/gateway-staging/resource-tree',
      '/api/v1/applications/gateway-staging/resource',
    ]);
  });

  it('serves a stale detail at once, refreshes it in the background, and tells listeners', async () => {
    const s = await setup({ syncWindowsTtlMs: 50 });
    index = s.index;
    const dev = s.app('gateway-dev');
    await s.details.get(dev);
    await s.details.whenIdle();
    s.heard.length = 0;
    s.nonprod.syncWindows.set(
      'gateway-dev',
      fixture('syncwindows-deny-active.json'),
    );
    await new Promise(resolve => setTimeout(resolve, 80));

    const stale = await s.details.get(dev);
    expect(stale).toMatchObject({ syncWindows: NO_WINDOWS, loading: false });
    await s.details.whenIdle();
    expect(s.heard).toEqual(['gateway-dev']);
    expect((await s.details.get(dev)).syncWindows).toEqual(FREEZE);
    // the rollout was still fresh: read once
    expect(s.nonprod.callsTo('/gateway-dev/resource')).toHaveLength(1);
  });

  it('waits for Argo CD on fresh reads, and concurrent reads share one call per detail', async () => {
    const s = await setup();
    index = s.index;
    const dev = s.app('gateway-dev');
    await s.details.get(dev);
    await s.details.whenIdle();
    s.nonprod.syncWindows.set(
      'gateway-dev',
      fixture('syncwindows-deny-active.json'),
    );

    const [a, b] = await Promise.all([
      s.details.get(dev, { fresh: true }),
      s.details.get(dev, { fresh: true }),
    ]);
    expect(a.syncWindows).toEqual(FREEZE);
    expect(b).toEqual(a);
    expect(a.rollout).toMatchObject({ phase: 'Healthy' });
    expect(s.nonprod.callsTo('/gateway-dev/resource')).toHaveLength(2);
    expect(s.nonprod.callsTo('/gateway-dev/syncwindows')).toHaveLength(2);
    // and what the fresh read brought is what the cache serves next
    expect((await s.details.get(dev)).syncWindows).toEqual(FREEZE);
  });

  it('tells listeners only when a refresh brought something new, until they unsubscribe', async () => {
    const s = await setup({ syncWindowsTtlMs: 0 });
    index = s.index;
    const dev = s.app('gateway-dev');
    const listener = jest.fn();
    const unsubscribe = s.details.subscribe(listener);
    await s.details.get(dev);
    await s.details.whenIdle();
    expect(listener).toHaveBeenCalledTimes(2); // rollout and windows, first read

    await s.details.get(dev); // windows read again: same answer
    await s.details.whenIdle();
    expect(s.nonprod.callsTo('/gateway-dev/syncwindows')).toHaveLength(2);
    expect(listener).toHaveBeenCalledTimes(2);

    s.nonprod.syncWindows.set(
      'gateway-dev',
      fixture('syncwindows-deny-active.json'),
    );
    await s.details.get(dev);
    await s.details.whenIdle();
    expect(listener).toHaveBeenCalledTimes(3);
    expect(listener).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'gateway-dev', instance: 'nonprod' }),
    );

    unsubscribe();
    s.nonprod.syncWindows.delete('gateway-dev');
    await s.details.get(dev);
    await s.details.whenIdle();
    expect((await s.details.get(dev)).syncWindows).toEqual(NO_WINDOWS);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('refreshes the Rollout of a recently read application when the index reports a change', async () => {
    const s = await setup();
    index = s.index;
    await s.details.get(s.app('gateway-staging'));
    await s.details.whenIdle();
    s.heard.length = 0;
    const rollout = structuredClone(
      s.nonprod.resources.get('gateway-staging/Rollout/gateway/gateway'),
    ) as any;
    rollout.status.currentStepIndex = 2;
    rollout.status.phase = 'Progressing';
    rollout.status.pauseConditions = [];
    rollout.status.controllerPause = false;
    s.nonprod.resources.set('gateway-staging/Rollout/gateway/gateway', rollout);
    const staging = structuredClone(s.nonprod.application('gateway-staging'));
    staging.metadata.resourceVersion = '1846900';
    staging.status.health.status = 'Progressing';
    s.nonprod.emit('MODIFIED', staging);

    // no read asked for it: the change alone brings the new progress
    await waitFor(() => s.heard.includes('gateway-staging'));
    await s.details.whenIdle();
    expect(
      (await s.details.get(s.app('gateway-staging'))).rollout,
    ).toMatchObject({ step: 2, setWeight: 40, paused: false });

    // an application nobody read is not read because it changed
    const dev = structuredClone(s.nonprod.application('gateway-dev'));
    dev.metadata.resourceVersion = '1846901';
    dev.status.health.status = 'Degraded';
    s.nonprod.emit('MODIFIED', dev);
    await waitFor(
      () =>
        s.index.get('nonprod', 'argocd/gateway-dev')?.health.status ===
        'Degraded',
    );
    await s.details.whenIdle();
    expect(s.nonprod.callsTo('/gateway-dev/resource')).toHaveLength(0);
  });

  it('keeps the failure of one application to itself, and reports it until a read succeeds', async () => {
    const s = await setup();
    index = s.index;
    const manifest = s.nonprod.resources.get(
      'gateway-dev/Rollout/gateway/gateway',
    );
    s.nonprod.resources.delete('gateway-dev/Rollout/gateway/gateway');
    await s.details.get(s.app('gateway-dev'));
    await s.details.get(s.app('gateway-staging'));
    await s.details.whenIdle();

    const dev = await s.details.get(s.app('gateway-dev'));
    expect(dev).toMatchObject({
      rollout: null,
      syncWindows: NO_WINDOWS,
      error: { code: 'INVALID_RESPONSE' },
      loading: false,
    });
    const staging = await s.details.get(s.app('gateway-staging'));
    expect(staging).toMatchObject({ error: null, rollout: { step: 1 } });
    await s.details.whenIdle();
    expect((await s.details.get(s.app('gateway-dev'))).error).toMatchObject({
      code: 'INVALID_RESPONSE',
    });

    s.nonprod.resources.set('gateway-dev/Rollout/gateway/gateway', manifest);
    s.heard.length = 0;
    await s.details.get(s.app('gateway-dev'));
    await s.details.whenIdle();
    expect(await s.details.get(s.app('gateway-dev'))).toMatchObject({
      error: null,
      rollout: { phase: 'Healthy' },
    });
    expect(s.heard).toEqual(['gateway-dev']);
  });

  it('calls nothing for an instance the index knows is failing, and serves what was read', async () => {
    const s = await setup();
    index = s.index;
    await s.details.get(s.app('gateway-prod', 'prod'));
    await s.details.whenIdle();
    s.prod.failure = 'unauthorized';
    s.prod.endStreams();
    await waitFor(() => s.index.instanceState('prod')?.error !== null);
    const before = s.prod.detailCalls().length;

    const fresh = await s.details.get(s.app('gateway-prod', 'prod'), {
      fresh: true,
    });
    expect(fresh).toMatchObject({ syncWindows: FREEZE, loading: false });
    expect(fresh.rollout).toMatchObject({ name: 'gateway' });
    // never read, and nothing will be read now: not "loading" either
    expect(await s.details.get(s.app('ledger-prod', 'prod'))).toEqual({
      rollout: null,
      syncWindows: null,
      error: null,
      loading: false,
    });
    await s.details.whenIdle();
    expect(s.prod.detailCalls()).toHaveLength(before);
  });

  it('waits for a first read until waitUntil, and answers "loading" or the failure otherwise', async () => {
    const s = await setup();
    index = s.index;
    const waited = await s.details.get(s.app('gateway-dev'), {
      waitUntil: Date.now() + 3000,
    });
    expect(waited).toMatchObject({
      rollout: { phase: 'Healthy' },
      syncWindows: NO_WINDOWS,
      loading: false,
    });

    s.nonprod.failure = 'slow'; // longer than the instance's 300 ms timeout
    const short = await s.details.get(s.app('gateway-staging'), {
      waitUntil: Date.now() + 20,
    });
    expect(short).toMatchObject({ rollout: null, loading: true });
    const long = await s.details.get(s.app('ledger-staging'), {
      waitUntil: Date.now() + 3000,
    });
    expect(long).toMatchObject({ error: { code: 'TIMEOUT' }, loading: false });
    await s.details.whenIdle();
  });

  it('keeps telling other listeners when one throws', async () => {
    const s = await setup();
    index = s.index;
    s.details.subscribe(() => {
      throw new Error('listener broke');
    });
    await s.details.get(s.app('gateway-dev'));
    await s.details.whenIdle();
    expect(s.heard).toEqual(['gateway-dev', 'gateway-dev']);
    expect(s.logger.error).toHaveBeenCalledWith(
      expect.stringContaining('GitOps details listener failed'),
    );
  });

  it('reads from Argo CD when the cache fails', async () => {
    const cache = mockServices.cache.mock({
      get: jest.fn().mockRejectedValue(new Error('redis down')),
      set: jest.fn().mockRejectedValue(new Error('redis down')),
    });
    const s = await setup({ cache });
    index = s.index;
    const dev = s.app('gateway-dev');
    expect((await s.details.get(dev)).loading).toBe(true);
    await s.details.whenIdle();
    expect(s.logger.debug).toHaveBeenCalledWith(
      expect.stringContaining('Could not cache rollout/v2/nonprod/'),
    );
    expect(await s.details.get(dev, { fresh: true })).toMatchObject({
      rollout: { phase: 'Healthy' },
      syncWindows: NO_WINDOWS,
      error: null,
    });
  });
});
