import { setupServer } from 'msw/node';
import { ApplicationIndex } from './ApplicationIndex';
import { registerArgoCdMsw } from './__testUtils__/MockArgoCd';
import {
  gitopsConfig,
  mockInstances,
  testLogger,
} from './__testUtils__/readSideSetup';
import { waitFor } from './__testUtils__/waitFor';
import { ProjectSyncWindows } from './ProjectSyncWindows';

const server = setupServer();
registerArgoCdMsw(server);

const FREEZE = {
  kind: 'deny',
  schedule: '0 18 * * 5',
  duration: '62h',
  clusters: ['prod'],
  manualSync: false,
  timeZone: 'Europe/Berlin',
};

function setup() {
  const { nonprod, prod } = mockInstances(server);
  const logger = testLogger();
  const index = ApplicationIndex.fromConfig(gitopsConfig(nonprod, prod), {
    logger,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const windows = new ProjectSyncWindows({ index, logger, ttlMs: 60_000 });
  return { nonprod, prod, index, windows };
}

const projectCalls = (calls: Array<{ path: string }>) =>
  calls.map(c => c.path).filter(p => p.startsWith('/api/v1/projects'));

describe('ProjectSyncWindows', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it("answers every application's windows from its project, with one read per instance", async () => {
    const { prod, index, windows } = setup();
    stop = () => index.stop();
    prod.projects.set('shop', { syncWindows: [FREEZE] });
    prod.projects.set('default', {});
    prod.activeProjectWindows.set('shop', [FREEZE]);
    index.start();
    await waitFor(() => index.instanceState('prod')?.ready === true);

    const gatewayProd = index.withName('gateway-prod', ['prod'])[0];
    const ledgerProd = index.withName('ledger-prod', ['prod'])[0];
    // nothing known before the first read; the read starts in the background
    expect(windows.forApplication(gatewayProd)).toBeUndefined();
    await windows.whenIdle();

    const frozen = {
      canSync: false,
      active: [
        {
          kind: 'deny',
          schedule: '0 18 * * 5',
          duration: '62h',
          manualSync: false,
        },
      ],
    };
    expect(windows.forApplication(gatewayProd)).toEqual(frozen);
    expect(windows.forApplication(ledgerProd)).toEqual(frozen);
    await windows.whenIdle();
    // one list, one active-windows call for the only project with windows; none per app
    expect(projectCalls(prod.calls)).toEqual([
      '/api/v1/projects',
      '/api/v1/projects/shop/syncwindows',
    ]);
    expect(
      prod.calls.some(
        c =>
          c.path.endsWith('/syncwindows') && c.path.includes('/applications/'),
      ),
    ).toBe(false);
  });

  it('shows a window as closed when Argo CD does not report it active', async () => {
    const { prod, index, windows } = setup();
    stop = () => index.stop();
    prod.projects.set('shop', { syncWindows: [FREEZE] });
    index.start();
    await waitFor(() => index.instanceState('prod')?.ready === true);
    await windows.refreshAll();
    const app = index.withName('gateway-prod', ['prod'])[0];
    expect(windows.forApplication(app)).toEqual({ canSync: true, active: [] });
  });

  it('leaves applications of projects it cannot read to the per-application endpoint', async () => {
    const { nonprod, prod, index, windows } = setup();
    stop = () => index.stop();
    // the token reads no project on nonprod; on prod the active-windows call fails
    prod.projects.set('shop', { syncWindows: [FREEZE] });
    index.start();
    await waitFor(
      () =>
        index.instanceState('prod')?.ready === true &&
        index.instanceState('nonprod')?.ready === true,
    );
    prod.failure = 'server-error';
    await windows.refreshAll();
    const dev = index.withName('gateway-dev', ['nonprod'])[0];
    const gatewayProd = index.withName('gateway-prod', ['prod'])[0];
    expect(windows.forApplication(dev)).toBeUndefined();
    expect(windows.forApplication(gatewayProd)).toBeUndefined();
    expect(projectCalls(nonprod.calls)).toEqual(['/api/v1/projects']);
  });

  it('keeps the last read while a later one fails', async () => {
    const { prod, index } = setup();
    stop = () => index.stop();
    const windows = new ProjectSyncWindows({
      index,
      logger: testLogger(),
      ttlMs: 0,
    });
    prod.projects.set('shop', { syncWindows: [FREEZE] });
    prod.activeProjectWindows.set('shop', [FREEZE]);
    index.start();
    await waitFor(() => index.instanceState('prod')?.ready === true);
    await windows.refreshAll();
    const app = index.withName('gateway-prod', ['prod'])[0];
    prod.failure = 'server-error';
    // stale (TTL 0): answered from the last read while the refresh fails
    expect(windows.forApplication(app)?.canSync).toBe(false);
    await windows.whenIdle();
    expect(windows.forApplication(app)?.canSync).toBe(false);
    await windows.whenIdle();
  });
});
