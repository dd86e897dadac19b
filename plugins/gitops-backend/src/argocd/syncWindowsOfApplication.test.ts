import type { ValidatedProjectSyncWindow } from './schemas';
import {
  type ProjectSyncWindow,
  syncWindowsOfApplication,
} from './syncWindowsOfApplication';

const prodFreeze: ValidatedProjectSyncWindow = {
  kind: 'deny',
  schedule: '0 18 * * 5',
  duration: '62h',
  clusters: ['prod'],
  manualSync: false,
  timeZone: 'Europe/Berlin',
};
const officeHours: ValidatedProjectSyncWindow = {
  kind: 'allow',
  schedule: '0 8 * * 1-5',
  duration: '10h',
  namespaces: ['payments-*'],
  manualSync: true,
};

const app = (
  name: string,
  destination: Partial<{
    server: string;
    name: string;
    namespace: string;
  }>,
) => ({
  name,
  destination: {
    server: destination.server ?? null,
    name: destination.name ?? null,
    namespace: destination.namespace ?? null,
  },
});

const windows = (
  ...entries: Array<[ValidatedProjectSyncWindow, boolean]>
): ProjectSyncWindow[] =>
  entries.map(([window, active]) => ({ window, active }));

describe('syncWindowsOfApplication', () => {
  it('allows syncs when no window applies', () => {
    expect(
      syncWindowsOfApplication(
        windows([prodFreeze, true]),
        app('gateway-staging', { name: 'staging', namespace: 'gateway' }),
      ),
    ).toEqual({ canSync: true, active: [] });
    expect(syncWindowsOfApplication([], app('x', {}))).toEqual({
      canSync: true,
      active: [],
    });
  });

  it('blocks on an active deny window matched by cluster name or server', () => {
    const expected = {
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
    expect(
      syncWindowsOfApplication(
        windows([prodFreeze, true]),
        app('gateway-prod', { name: 'prod', namespace: 'gateway' }),
      ),
    ).toEqual(expected);
    expect(
      syncWindowsOfApplication(
        windows([
          { ...prodFreeze, clusters: ['https://*.prod.example.com'] },
          true,
        ]),
        app('gateway-prod', { server: 'https://k8s.prod.example.com' }),
      ).canSync,
    ).toBe(false);
  });

  it('lets manual syncs through an active deny window only when every one allows them', () => {
    const manual = { ...prodFreeze, manualSync: true };
    const target = app('gateway-prod', { name: 'prod' });
    expect(
      syncWindowsOfApplication(windows([manual, true]), target).canSync,
    ).toBe(true);
    expect(
      syncWindowsOfApplication(
        windows(
          [manual, true],
          [{ ...prodFreeze, schedule: '0 0 * * *' }, true],
        ),
        target,
      ).canSync,
    ).toBe(false);
  });

  it('ignores a deny window that is not active', () => {
    expect(
      syncWindowsOfApplication(
        windows([prodFreeze, false]),
        app('gateway-prod', { name: 'prod' }),
      ),
    ).toEqual({ canSync: true, active: [] });
  });

  it('blocks outside an allow window that applies, unless it allows manual syncs', () => {
    const target = app('ledger-prod', { namespace: 'payments-ledger' });
    expect(
      syncWindowsOfApplication(windows([officeHours, false]), target),
    ).toEqual({ canSync: true, active: [] });
    expect(
      syncWindowsOfApplication(
        windows([{ ...officeHours, manualSync: false }, false]),
        target,
      ).canSync,
    ).toBe(false);
    // inside the allow window
    expect(
      syncWindowsOfApplication(
        windows([{ ...officeHours, manualSync: false }, true]),
        target,
      ),
    ).toEqual({
      canSync: true,
      active: [
        {
          kind: 'allow',
          schedule: '0 8 * * 1-5',
          duration: '10h',
          manualSync: false,
        },
      ],
    });
  });

  it('lets an active deny win over an active allow', () => {
    expect(
      syncWindowsOfApplication(
        windows(
          [{ ...officeHours, clusters: ['prod'] }, true],
          [prodFreeze, true],
        ),
        app('ledger-prod', { name: 'prod', namespace: 'ledger' }),
      ).canSync,
    ).toBe(false);
  });

  it('matches by application name, and needs every list with andOperator', () => {
    const byName = {
      ...prodFreeze,
      clusters: undefined,
      applications: ['gateway-*'],
    };
    expect(
      syncWindowsOfApplication(
        windows([byName, true]),
        app('gateway-dev', { name: 'dev' }),
      ).canSync,
    ).toBe(false);
    const both = {
      ...prodFreeze,
      applications: ['gateway-*'],
      andOperator: true,
    };
    expect(
      syncWindowsOfApplication(
        windows([both, true]),
        app('gateway-dev', { name: 'dev' }),
      ).canSync,
    ).toBe(true);
    expect(
      syncWindowsOfApplication(
        windows([both, true]),
        app('gateway-prod', { name: 'prod' }),
      ).canSync,
    ).toBe(false);
    // without andOperator either list is enough
    expect(
      syncWindowsOfApplication(
        windows([{ ...both, andOperator: false }, true]),
        app('ledger-prod', { name: 'prod' }),
      ).canSync,
    ).toBe(false);
  });

  it('applies no window that names nothing to match', () => {
    expect(
      syncWindowsOfApplication(
        windows([
          { kind: 'deny', schedule: '* * * * *', duration: '1h' },
          true,
        ]),
        app('gateway-prod', { name: 'prod' }),
      ),
    ).toEqual({ canSync: true, active: [] });
  });
});
