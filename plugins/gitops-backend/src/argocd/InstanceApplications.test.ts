import { InstanceApplications } from './InstanceApplications';
import type { IndexedApplication } from './IndexedApplication';

function app(
  name: string,
  resourceVersion: string | null,
  overrides: Partial<IndexedApplication> = {},
): IndexedApplication {
  return {
    instance: 'nonprod',
    name,
    namespace: 'argocd',
    key: `argocd/${name}`,
    resourceVersion,
    labels: {},
    project: 'shop',
    destination: { server: null, name: 'dev', namespace: name },
    sync: { status: 'Synced', revision: null },
    health: { status: 'Healthy', message: null },
    operation: null,
    operationPending: false,
    reconciledAt: null,
    images: [],
    drifted: [],
    rollouts: [],
    resourcesKnown: true,
    classification: {
      environment: 'dev',
      service: name.split('-')[0],
      preview: false,
      sourceIndex: 0,
    },
    ...overrides,
  };
}

describe('InstanceApplications', () => {
  it('applies newer events and ignores older or repeated ones', () => {
    const store = new InstanceApplications('nonprod');
    expect(store.applyEvent('ADDED', app('gateway-dev', '10'))).not.toBeNull();
    expect(store.applyEvent('MODIFIED', app('gateway-dev', '10'))).toBeNull();
    expect(store.applyEvent('MODIFIED', app('gateway-dev', '9'))).toBeNull();
    const change = store.applyEvent(
      'MODIFIED',
      app('gateway-dev', '12', {
        health: { status: 'Degraded', message: null },
      }),
    );
    expect(change?.previous?.resourceVersion).toBe('10');
    expect(store.get('argocd/gateway-dev')?.health.status).toBe('Degraded');
  });

  it('replaces the set on a list: deleted applications vanish', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot(
      [app('gateway-dev', '10'), app('ledger-dev', '11')],
      1000,
    );
    const changes = store.applySnapshot([app('gateway-dev', '10')], 2000);
    expect(changes).toEqual([
      expect.objectContaining({ key: 'argocd/ledger-dev', current: null }),
    ]);
    expect(store.values().map(a => a.name)).toEqual(['gateway-dev']);
    expect(store.withService('ledger')).toEqual([]);
  });

  it('keeps what the stream brought while a list was on its way', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot([app('gateway-dev', '10')], 1000);
    // list started at t=2000; meanwhile the stream brings a newer version and a new app
    store.applyEvent('MODIFIED', app('gateway-dev', '15'), 2100);
    store.applyEvent('ADDED', app('search-dev', '16'), 2200);
    const changes = store.applySnapshot([app('gateway-dev', '14')], 2000);
    expect(changes).toEqual([]);
    expect(store.get('argocd/gateway-dev')?.resourceVersion).toBe('15');
    expect(store.get('argocd/search-dev')).toBeDefined();
  });

  it('does not bring back an application deleted after the list was taken', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot(
      [app('gateway-dev', '10'), app('orphan-tool', '11')],
      1000,
    );
    store.applyEvent('DELETED', app('orphan-tool', '17'), 2100);
    store.applySnapshot(
      [app('gateway-dev', '10'), app('orphan-tool', '11')],
      2000,
    );
    expect(store.get('argocd/orphan-tool')).toBeUndefined();
    // re-created later with a newer version: it is back
    store.applySnapshot([app('orphan-tool', '30')], 3000);
    expect(store.get('argocd/orphan-tool')?.resourceVersion).toBe('30');
  });

  it('does not bring back an application a list found gone when an old event of it is replayed', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot(
      [app('gateway-dev', '10'), app('orphan-tool', '11')],
      1000,
      '12',
    );
    // deleted while the stream was down: the next list lacks it, no DELETED event came
    const changes = store.applySnapshot([app('gateway-dev', '10')], 2000, '20');
    expect(changes).toEqual([
      expect.objectContaining({ key: 'argocd/orphan-tool', current: null }),
    ]);
    // the stream replays old news of it: ignored, at or below the list's version
    expect(
      store.applyEvent('ADDED', app('orphan-tool', '11'), 2100),
    ).toBeNull();
    expect(
      store.applyEvent('MODIFIED', app('orphan-tool', '20'), 2200),
    ).toBeNull();
    expect(store.get('argocd/orphan-tool')).toBeUndefined();
    expect(store.withService('orphan')).toEqual([]);
    // the watermark only holds back unknown keys: a live application still takes older news
    // by its own version, and newer events of it apply
    expect(
      store.applyEvent('MODIFIED', app('gateway-dev', '15'), 2300),
    ).not.toBeNull();
    // re-created after the list: it is back
    expect(store.applyEvent('ADDED', app('orphan-tool', '21'), 2400)).toEqual(
      expect.objectContaining({ previous: null }),
    );
    expect(store.get('argocd/orphan-tool')?.resourceVersion).toBe('21');
  });

  it('takes the watermark from the items when the list has no version, and never lowers it', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot(
      [app('gateway-dev', '30'), app('orphan-tool', '25')],
      1000,
    );
    store.applySnapshot([app('gateway-dev', '30')], 2000);
    // an older list shared by another replica arrives late: it must not lower the watermark
    store.applySnapshot([app('gateway-dev', '30')], 500, '5');
    expect(store.applyEvent('ADDED', app('orphan-tool', '25'))).toBeNull();
    expect(store.get('argocd/orphan-tool')).toBeUndefined();
  });

  it('drops a replay the stream brought while a list was on its way, when the list covers it', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot([app('gateway-dev', '10')], 1000, '10');
    // list started at t=2000 (it will cover version 20); meanwhile the stream replays an old
    // ADDED of an application that is gone, and announces a truly new one
    store.applyEvent('ADDED', app('orphan-tool', '15'), 2100);
    store.applyEvent('ADDED', app('search-dev', '21'), 2200);
    const changes = store.applySnapshot([app('gateway-dev', '10')], 2000, '20');
    expect(changes).toEqual([
      expect.objectContaining({ key: 'argocd/orphan-tool', current: null }),
    ]);
    expect(store.get('argocd/search-dev')).toBeDefined();
  });

  it('ignores a late deletion of an application that was re-created', () => {
    const store = new InstanceApplications('nonprod');
    store.applyEvent('ADDED', app('gateway-dev', '20'));
    expect(store.applyEvent('DELETED', app('gateway-dev', '18'))).toBeNull();
    expect(store.get('argocd/gateway-dev')).toBeDefined();
  });

  it('applies no watermark when resourceVersions are not numbers', () => {
    const store = new InstanceApplications('nonprod');
    store.applySnapshot([app('gateway-dev', 'abc')], 1000, 'xyz');
    expect(store.applyEvent('ADDED', app('orphan-tool', 'abb'))).not.toBeNull();
  });

  it('orders by time of arrival when resourceVersions are not numbers', () => {
    const store = new InstanceApplications('nonprod');
    store.applyEvent('ADDED', app('gateway-dev', 'abc'), 1000);
    store.applyEvent(
      'MODIFIED',
      app('gateway-dev', 'abd', {
        health: { status: 'Degraded', message: null },
      }),
      1500,
    );
    // a list started before the event: the event wins
    store.applySnapshot([app('gateway-dev', 'abc')], 1200);
    expect(store.get('argocd/gateway-dev')?.health.status).toBe('Degraded');
    // a list started after it: the list wins
    store.applySnapshot([app('gateway-dev', 'abe')], 1600);
    expect(store.get('argocd/gateway-dev')?.resourceVersion).toBe('abe');
  });

  it('keeps the service and name indexes in step with changes', () => {
    const store = new InstanceApplications('nonprod');
    store.applyEvent('ADDED', app('gateway-dev', '1'));
    store.applyEvent(
      'MODIFIED',
      app('gateway-dev', '2', {
        classification: {
          environment: 'dev',
          service: 'edge',
          preview: false,
          sourceIndex: 0,
        },
      }),
    );
    expect(store.withService('gateway')).toEqual([]);
    expect(store.withService('edge').map(a => a.name)).toEqual(['gateway-dev']);
    expect(store.withName('gateway-dev')).toHaveLength(1);
    store.applyEvent('DELETED', app('gateway-dev', '3'));
    expect(store.withName('gateway-dev')).toEqual([]);
  });
});
