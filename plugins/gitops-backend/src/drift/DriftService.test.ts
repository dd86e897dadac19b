import { setupServer } from 'msw/node';
import { ApplicationIndex } from '../argocd/ApplicationIndex';
import { ArgoCdError } from '../argocd/ArgoCdError';
import { registerArgoCdMsw } from '../argocd/__testUtils__/MockArgoCd';
import {
  gitopsConfig,
  memoryCache,
  mockInstances,
  testLogger,
} from '../argocd/__testUtils__/readSideSetup';
import { DriftService } from './DriftService';

const server = setupServer();
registerArgoCdMsw(server);

async function setup() {
  const { nonprod, prod } = mockInstances(server);
  const index = ApplicationIndex.fromConfig(gitopsConfig(nonprod, prod), {
    logger: testLogger(),
  });
  index.start();
  await index.settled();
  return {
    nonprod,
    index,
    drift: new DriftService({ index, cache: memoryCache() }),
  };
}

describe('DriftService', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
  });

  it('returns each out-of-sync resource with normalised manifests and a unified diff', async () => {
    const { index, drift } = await setup();
    stop = () => index.stop();
    const app = index.get('nonprod', 'argocd/ledger-staging')!;
    const response = await drift.getDrift(app);

    expect(response.environment).toBe('staging');
    expect(response.instance).toBe('nonprod');
    expect(response.application).toBe('ledger-staging');
    // hooks and in-sync resources are left out; wave order
    expect(
      response.resources.map(r => `${r.syncWave} ${r.kind}/${r.name}`),
    ).toEqual(['0 ConfigMap/ledger-legacy-flags', '1 Deployment/ledger']);

    const [configMap, deployment] = response.resources;
    expect(configMap.desired).toBeNull(); // not in git any more: to be pruned
    expect(configMap.live).toContain('LEGACY_MODE: "true"');
    expect(configMap.diff).toContain('+  LEGACY_MODE: "true"');

    expect(deployment.group).toBe('apps');
    expect(deployment.desired).toContain('replicas: 3');
    expect(deployment.live).toContain('replicas: 5');
    // cluster-written fields are not part of the comparison
    for (const text of [deployment.desired!, deployment.live!]) {
      expect(text).not.toContain('managedFields');
      expect(text).not.toContain('resourceVersion');
      expect(text).not.toContain('uid:');
      expect(text).not.toContain('availableReplicas');
      expect(
        text.startsWith(
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger\n  namespace: ledger\n',
        ),
      ).toBe(true);
    }
    expect(deployment.diff).toContain('--- desired/Deployment/ledger/ledger');
    expect(deployment.diff).toContain('+++ live/Deployment/ledger/ledger');
    const changed = deployment.diff
      .split('\n')
      .filter(l => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
    expect(changed).toEqual(['-  replicas: 3', '+  replicas: 5']);
  });

  it('caches one application version briefly', async () => {
    const { nonprod, index, drift } = await setup();
    stop = () => index.stop();
    const app = index.get('nonprod', 'argocd/ledger-staging')!;
    await drift.getDrift(app);
    await drift.getDrift(app);
    expect(nonprod.callsTo('/managed-resources')).toHaveLength(1);
  });

  it('throws a typed error when the instance fails', async () => {
    const { nonprod, index, drift } = await setup();
    stop = () => index.stop();
    const app = index.get('nonprod', 'argocd/ledger-staging')!;
    nonprod.failure = 'garbage';
    await expect(drift.getDrift(app)).rejects.toBeInstanceOf(ArgoCdError);
  });
});
