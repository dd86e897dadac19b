import { setupServer } from 'msw/node';
import { ApplicationIndex } from '../argocd/ApplicationIndex';
import { registerArgoCdMsw } from '../argocd/__testUtils__/MockArgoCd';
import {
  DIGEST_NEW,
  DIGEST_OLD,
  FakeDesiredState,
  entity,
  gitopsConfig,
  memoryCache,
  mockInstances,
  testLogger,
} from '../argocd/__testUtils__/readSideSetup';
import { waitFor } from '../argocd/__testUtils__/waitFor';
import { ProjectSyncWindows } from '../argocd/ProjectSyncWindows';
import { serviceOfEntity } from '../changes/entityService';
import { EntityStatusService } from './EntityStatusService';
import { TargetDetailsService } from './TargetDetailsService';

const server = setupServer();
registerArgoCdMsw(server);

function setup(
  options: { nonprodListTimeout?: number; projectWindows?: boolean } = {},
) {
  const { nonprod, prod } = mockInstances(server);
  const config = gitopsConfig(nonprod, prod);
  if (options.nonprodListTimeout) {
    config.argocd.instances[0].listTimeout = options.nonprodListTimeout;
  }
  const logger = testLogger();
  const index = ApplicationIndex.fromConfig(config, {
    logger,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const projectWindows = options.projectWindows
    ? new ProjectSyncWindows({ index, logger })
    : undefined;
  const details = new TargetDetailsService({
    index,
    cache: memoryCache(),
    logger,
    projectWindows,
  });
  const desired = new FakeDesiredState();
  const service = EntityStatusService.create({
    config,
    index,
    details,
    desiredState: desired,
    logger,
  });
  return { nonprod, prod, index, service, desired, details, projectWindows };
}

const gateway = entity('gateway', { 'gitops/service': 'gateway' });

describe('EntityStatusService', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('serves from the index at once and reads the details in the background', async () => {
    const { nonprod, index, service, details } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    const changed: string[] = [];
    details.subscribe(app => changed.push(app.name));

    const first = await service.getEntityStatus(gateway);
    expect(first.environments[1].targets[0].health.status).toBe('Suspended');
    expect(first.environments[1].targets[0].rollout).toBeNull();
    expect(first.environments[1].targets[0].syncWindows).toBeNull();
    await details.whenIdle();
    expect(changed.sort()).toEqual([
      'gateway-dev',
      'gateway-dev',
      'gateway-preview-pr-42',
      'gateway-prod',
      'gateway-prod',
      'gateway-staging',
      'gateway-staging',
    ]);
    const second = await service.getEntityStatus(gateway);
    expect(second.environments[1].targets[0].rollout).toMatchObject({
      step: 1,
    });
    expect(nonprod.detailCalls()).toHaveLength(6);
  });

  it('answers what runs where: environments in promotion order, previews, details', async () => {
    const { nonprod, prod, index, service, details } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();

    await service.getEntityStatus(gateway);
    await details.whenIdle();
    const status = await service.getEntityStatus(gateway);
    expect(status.entityRef).toBe('component:default/gateway');
    expect(status.service).toBe('gateway');
    expect(status.errors).toEqual([]);
    expect(
      status.environments.map(e => [
        e.name,
        e.targets.map(t => t.application.name),
      ]),
    ).toEqual([
      ['dev', ['gateway-dev']],
      ['staging', ['gateway-staging']],
      ['prod', ['gateway-prod']],
    ]);
    expect(status.previews.map(p => p.application.name)).toEqual([
      'gateway-preview-pr-42',
    ]);

    const [dev, staging, prodEnv] = status.environments;
    expect(dev.desired).toEqual({
      digest: DIGEST_NEW,
      commit: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
    });
    expect(dev.targets[0]).toEqual({
      instance: 'nonprod',
      cluster: 'dev',
      application: {
        name: 'gateway-dev',
        namespace: 'argocd',
        project: 'shop',
        url: 'https://argocd.nonprod.example.com/ui/applications/argocd/gateway-dev',
      },
      sync: {
        status: 'Synced',
        revision: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
      },
      health: { status: 'Healthy', message: null },
      drift: { outOfSync: 0, resources: [] },
      rollout: expect.objectContaining({
        name: 'gateway',
        phase: 'Healthy',
        setWeight: 100,
      }),
      digest: DIGEST_NEW,
      images: [`ghcr.io/acme/gateway@${DIGEST_NEW}`],
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-20T09:40:51Z',
        finishedAt: '2026-11-20T09:40:58Z',
      },
      reconciledAt: '2026-11-20T09:44:30Z',
      trusted: true,
      syncWindows: { canSync: true, active: [] },
      detailsLoading: false,
      error: null,
    });

    // paused canary: Argo CD says Suspended; the rollout says step 1, 20 %
    expect(staging.targets[0].health.status).toBe('Suspended');
    expect(staging.targets[0].rollout).toMatchObject({
      phase: 'Paused',
      paused: true,
      step: 1,
      steps: 6,
      setWeight: 20,
      actualWeight: 20,
    });
    // two digests run during the canary: the desired one is reported
    expect(staging.targets[0].digest).toBe(DIGEST_NEW);

    expect(prodEnv.desired?.digest).toBe(DIGEST_OLD);
    expect(prodEnv.targets[0]).toMatchObject({
      instance: 'prod',
      digest: DIGEST_OLD,
      syncWindows: {
        canSync: false,
        active: [
          {
            kind: 'deny',
            schedule: '0 18 * * 5',
            duration: '63h',
            manualSync: false,
          },
        ],
      },
      application: {
        url: 'https://argocd.prod.example.com/applications/argocd/gateway-prod',
      },
    });

    // calls made for details: rollouts (resource, + tree for the paused canary), sync windows
    expect(
      nonprod
        .detailCalls()
        .map(c => c.path)
        .sort(),
    ).toEqual([
      '/api/v1/applications/gateway-dev/resource',
      '/api/v1/applications/gateway-dev/syncwindows',
      '/api/v1/applications/gateway-preview-pr-42/syncwindows',
      '/api/v1/applications/gateway-staging/resource',
      '/api/v1/applications/gateway-staging/resource-tree',
      '/api/v1/applications/gateway-staging/syncwindows',
    ]);
    expect(prod.detailCalls()).toHaveLength(2);
  });

  it('takes sync windows from the projects, with no call per application', async () => {
    const { nonprod, prod, index, service, details, projectWindows } = setup({
      projectWindows: true,
    });
    stop = () => index.stop();
    const freeze = {
      kind: 'deny',
      schedule: '0 18 * * 5',
      duration: '63h',
      clusters: ['prod'],
      manualSync: false,
    };
    nonprod.projects.set('shop', {});
    prod.projects.set('shop', { syncWindows: [freeze] });
    prod.activeProjectWindows.set('shop', [freeze]);
    index.start();
    await index.settled();
    await waitFor(
      () =>
        !!index.instanceState('prod')?.ready &&
        !!index.instanceState('nonprod')?.ready,
    );
    await projectWindows!.refreshAll();

    // the first answer already has every target's windows
    const status = await service.getEntityStatus(gateway);
    const targets = [
      ...status.environments.flatMap(e => e.targets),
      ...status.previews,
    ];
    expect(targets.map(t => t.syncWindows?.canSync)).toEqual(
      targets.map(t => t.instance !== 'prod'),
    );
    expect(
      targets.find(t => t.instance === 'prod')?.syncWindows?.active,
    ).toEqual([
      {
        kind: 'deny',
        schedule: '0 18 * * 5',
        duration: '63h',
        manualSync: false,
      },
    ]);
    await details.whenIdle();
    const perApplication = [...nonprod.calls, ...prod.calls].filter(
      c =>
        c.path.startsWith('/api/v1/applications/') &&
        c.path.endsWith('/syncwindows'),
    );
    expect(perApplication).toEqual([]);

    // the promotion gates still ask Argo CD for the application itself
    const app = index.withName('gateway-prod', ['prod'])[0];
    await details.get(app, { fresh: true });
    expect(
      prod.calls.filter(
        c => c.path === '/api/v1/applications/gateway-prod/syncwindows',
      ),
    ).toHaveLength(1);
  });

  it('answers again from the index and cache, and refetches details only for a changed app', async () => {
    const { nonprod, prod, index, service, details } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    await service.getEntityStatus(gateway);
    await details.whenIdle();
    const first = await service.getEntityStatus(gateway);
    const callsAfterFirst = nonprod.calls.length + prod.calls.length;

    const second = await service.getEntityStatus(gateway);
    expect(second).toEqual(first);
    expect(nonprod.calls.length + prod.calls.length).toBe(callsAfterFirst);

    // the canary is promoted to the next step: the stream reports the application changed
    await waitFor(() => nonprod.openStreams === 1);
    const app = structuredClone(nonprod.application('gateway-staging'));
    app.metadata.resourceVersion = '1846900';
    app.status.health.status = 'Progressing';
    const rollout = structuredClone(
      nonprod.resources.get('gateway-staging/Rollout/gateway/gateway'),
    ) as any;
    rollout.status.currentStepIndex = 2;
    rollout.status.phase = 'Progressing';
    rollout.status.pauseConditions = [];
    rollout.status.controllerPause = false;
    nonprod.resources.set('gateway-staging/Rollout/gateway/gateway', rollout);
    const before = nonprod.detailCalls().length;
    nonprod.emit('MODIFIED', app);
    await waitFor(
      () =>
        index.get('nonprod', 'argocd/gateway-staging')?.health.status ===
        'Progressing',
    );

    const third = await service.getEntityStatus(gateway);
    expect(third.environments[1].targets[0].rollout).toMatchObject({
      step: 2,
      setWeight: 40,
      paused: false,
    });
    expect(
      nonprod
        .detailCalls()
        .slice(before)
        .map(c => c.path),
    ).toEqual([
      '/api/v1/applications/gateway-staging/resource',
      '/api/v1/applications/gateway-staging/resource-tree',
    ]);
  });

  it('reads everything again for fresh reads (promotion gates)', async () => {
    const { nonprod, index, service } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    await service.getEntityStatus(gateway);
    const before = nonprod.calls.length;
    await service.getEntityStatus(gateway, { fresh: true });
    const paths = nonprod.calls.slice(before).map(c => c.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/applications/gateway-dev',
        '/api/v1/applications/gateway-staging',
        '/api/v1/applications/gateway-dev/syncwindows',
        '/api/v1/applications/gateway-staging/resource',
      ]),
    );
  });

  it('reports trust, drift and applications of unknown environment', async () => {
    const { index, service, desired } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();

    const ledger = await service.getEntityStatus(
      entity('ledger', { 'gitops/service': 'ledger' }),
    );
    const staging = ledger.environments.find(e => e.name === 'staging')!
      .targets[0];
    expect(staging.trusted).toBe(false); // reconciled before the sync finished
    expect(staging.drift).toEqual({
      outOfSync: 2,
      resources: [
        {
          group: '',
          kind: 'ConfigMap',
          namespace: 'ledger',
          name: 'ledger-legacy-flags',
          status: 'OutOfSync',
          health: null,
          syncWave: 0,
        },
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'ledger',
          name: 'ledger',
          status: 'OutOfSync',
          health: null,
          syncWave: 1,
        },
      ],
    });
    const dev = ledger.environments.find(e => e.name === 'dev')!.targets[0];
    expect(dev.application.namespace).toBe('team-ledger');
    expect(dev.trusted).toBe(false); // operation running
    expect(desired.calls).toEqual(
      expect.arrayContaining(['ledger/dev', 'ledger/staging', 'ledger/prod']),
    );

    // selected by label, as the existing Argo CD plugins do; environment from the label
    const billing = await service.getEntityStatus(
      entity('billing', {
        'argocd/app-selector': 'team=billing',
        'argocd/instance-name': 'nonprod',
      }),
    );
    expect(billing.service).toBeNull();
    expect(
      billing.environments.map(e => [
        e.name,
        e.targets.map(t => t.application.name),
      ]),
    ).toEqual([
      ['dev', []],
      ['staging', ['legacy-billing']],
      ['prod', []],
      [null, ['orphan-tool']],
    ]);
    expect(billing.environments.every(e => e.desired === null)).toBe(true);
  });

  it('finds apps by name in a namespace, and reports unknown instances and bad selectors', async () => {
    const { index, service } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();

    const byName = await service.getEntityStatus(
      entity('ledger', {
        'argocd/app-name': 'ledger-dev',
        'argocd/app-namespace': 'team-ledger',
      }),
    );
    expect(
      byName.environments.flatMap(e => e.targets.map(t => t.application.name)),
    ).toEqual(['ledger-dev']);
    expect(byName.service).toBe('ledger');

    const wrongNamespace = await service.getEntityStatus(
      entity('ledger', {
        'argocd/app-name': 'ledger-dev',
        'argocd/app-namespace': 'argocd',
      }),
    );
    expect(wrongNamespace.environments.flatMap(e => e.targets)).toEqual([]);

    const unknown = await service.getEntityStatus(
      entity('gateway', {
        'gitops/service': 'gateway',
        'argocd/instance-name': 'nonprod, qa',
      }),
    );
    expect(unknown.errors).toEqual([
      {
        instance: 'qa',
        code: 'NOT_FOUND',
        message: 'Argo CD instance qa is not configured',
      },
    ]);
    expect(unknown.environments.find(e => e.name === 'prod')!.targets).toEqual(
      [],
    );

    const bad = await service.getEntityStatus(
      entity('x', { 'argocd/app-selector': 'team in (a' }),
    );
    expect(bad.errors.map(e => e.instance)).toEqual(['nonprod', 'prod']);
    expect(bad.errors[0].message).toContain('argocd/app-selector');
  });

  it.each(['down', 'slow', 'unauthorized', 'garbage'] as const)(
    'answers from the other instances when one is %s, naming it with the failure',
    async failure => {
      const { prod, index, service } = setup();
      stop = () => index.stop();
      prod.failure = failure;
      prod.slowMs = 2000;
      index.start();
      await index.settled();
      const status = await service.getEntityStatus(gateway);
      const code = {
        down: 'UNREACHABLE',
        slow: 'TIMEOUT',
        unauthorized: 'UNAUTHORIZED',
        garbage: 'INVALID_RESPONSE',
      }[failure];
      expect(status.errors).toEqual([
        expect.objectContaining({ instance: 'prod', code }),
      ]);
      expect(status.errors[0].message).not.toContain('prod-password');
      expect(
        status.environments.find(e => e.name === 'staging')!.targets,
      ).toHaveLength(1);
      expect(status.environments.find(e => e.name === 'prod')!.targets).toEqual(
        [],
      );
    },
  );

  it('answers at once while the first list of an instance is pending (PENDING)', async () => {
    const { nonprod, index, service } = setup({ nonprodListTimeout: 10_000 });
    stop = () => index.stop();
    nonprod.failure = 'slow';
    nonprod.slowMs = 3000;
    index.start();
    await waitFor(() => index.instanceState('prod')?.ready === true);
    const status = await service.getEntityStatus(gateway);
    // Answered before nonprod's list arrived, not after a wait for it.
    expect(index.instanceState('nonprod')).toMatchObject({
      ready: false,
      error: null,
    });
    expect(status.errors).toEqual([
      {
        instance: 'nonprod',
        code: 'PENDING',
        message: 'Argo CD instance nonprod has not answered its first list yet',
      },
    ]);
    expect(status.environments[2].targets[0].application.name).toBe(
      'gateway-prod',
    );
    expect(status.environments[0].targets).toEqual([]);
  });

  it('marks targets whose details are still being read (detailsLoading)', async () => {
    const { index, service, details } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();

    const first = await service.getEntityStatus(gateway);
    const staging = first.environments[1].targets[0];
    expect(staging.rollout).toBeNull();
    expect(staging.detailsLoading).toBe(true);
    await details.whenIdle();
    const later = await service.getEntityStatus(gateway);
    expect(later.environments[1].targets[0]).toMatchObject({
      detailsLoading: false,
      rollout: expect.objectContaining({ step: 1 }),
    });
  });

  it('waits for details never read when asked (?wait=details), bounded', async () => {
    const { index, service } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    const waited = await service.getEntityStatus(gateway, {
      waitForDetailsMs: 2000,
    });
    expect(
      [...waited.environments.flatMap(e => e.targets), ...waited.previews].map(
        t => t.detailsLoading,
      ),
    ).not.toContain(true);
    expect(waited.environments[1].targets[0].rollout).toMatchObject({
      step: 1,
    });
  });

  it('keeps the targets of an instance that starts failing, each with the error', async () => {
    const { prod, index, service, details } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    await service.getEntityStatus(gateway);
    await details.whenIdle();
    await waitFor(() => prod.openStreams === 1);
    prod.failure = 'unauthorized';
    prod.endStreams();
    await waitFor(() => index.instanceState('prod')?.error !== null);

    const status = await service.getEntityStatus(gateway);
    const target = status.environments.find(e => e.name === 'prod')!.targets[0];
    expect(target.application.name).toBe('gateway-prod');
    expect(target.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(target.syncWindows?.canSync).toBe(false); // last known, from the cache
    expect(status.errors).toEqual([
      expect.objectContaining({ instance: 'prod', code: 'UNAUTHORIZED' }),
    ]);
    expect(
      status.environments.find(e => e.name === 'dev')!.targets[0].error,
    ).toBeNull();
  });

  it('names the same service for the status and for a change (one rule)', async () => {
    const { index, service } = setup();
    stop = () => index.stop();
    index.start();
    await index.settled();
    // Found through the Argo CD plugins' annotation, under a name that is not the folder's.
    const storefront = entity('storefront', {
      'argocd/app-name': 'gateway-staging',
    });
    const status = await service.getEntityStatus(storefront);
    expect(status.service).toBe('gateway');
    expect(service.serviceOf(storefront)).toBe('gateway');
    expect(serviceOfEntity(storefront, service)).toBe('gateway');

    const annotated = entity('shop', { 'gitops/service': 'ledger' });
    expect(serviceOfEntity(annotated, service)).toBe('ledger');

    const nothing = entity('lost', { 'argocd/app-name': 'no-such-app' });
    expect(() => serviceOfEntity(nothing, service)).toThrow(
      /no service folder is known; set the gitops\/service annotation/,
    );
  });

  it('gives a target the error of a detail that failed', async () => {
    const { nonprod, index, service, details } = setup();
    stop = () => index.stop();
    nonprod.resources.delete('gateway-dev/Rollout/gateway/gateway');
    index.start();
    await index.settled();
    await service.getEntityStatus(gateway);
    await details.whenIdle();
    const status = await service.getEntityStatus(gateway);
    const dev = status.environments[0].targets[0];
    expect(dev.rollout).toBeNull();
    expect(dev.error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(dev.health.status).toBe('Healthy');
  });
});
