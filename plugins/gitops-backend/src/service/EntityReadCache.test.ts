import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { EntityReadCache } from './EntityReadCache';

const ref = { kind: 'component', namespace: 'default', name: 'ledger' };

function user(userEntityRef: string, actor?: string): BackstageCredentials {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: {
      type: 'user',
      userEntityRef,
      ...(actor ? { actor: { type: 'service', subject: actor } } : {}),
    },
  } as BackstageCredentials;
}

function service(
  subject: string,
  accessRestrictions?: { permissionNames: string[] },
): BackstageCredentials {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject, accessRestrictions },
  } as BackstageCredentials;
}

/** A catalog whose answers say who asked and how many reads it served. */
function countingCatalog() {
  const calls: string[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | undefined;
  return {
    calls,
    hold() {
      gate = new Promise(r => {
        release = r;
      });
    },
    release: () => release(),
    read: async (
      r: typeof ref,
      credentials: BackstageCredentials,
    ): Promise<Entity | undefined> => {
      const who = JSON.stringify(credentials.principal);
      calls.push(who);
      await gate;
      if (r.name === 'missing') return undefined;
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: r.name, annotations: { readBy: who } },
      };
    },
  };
}

describe('EntityReadCache', () => {
  it('shares one read between concurrent requests of one caller', async () => {
    const catalog = countingCatalog();
    const cache = new EntityReadCache({ read: catalog.read });
    catalog.hold();
    const alice = user('user:default/alice');
    const both = Promise.all([cache.get(ref, alice), cache.get(ref, alice)]);
    catalog.release();
    const [a, b] = await both;
    expect(catalog.calls).toHaveLength(1);
    expect(a).toBe(b);
    expect(a?.metadata.name).toBe('ledger');
  });

  it('never gives one caller what another read', async () => {
    const catalog = countingCatalog();
    const cache = new EntityReadCache({ read: catalog.read });
    const callers = [
      user('user:default/alice'),
      user('user:default/bob'),
      user('user:default/alice', 'plugin:scaffolder'),
      service('plugin:catalog'),
      service('plugin:catalog', { permissionNames: ['catalog.entity.read'] }),
    ];
    const answers = await Promise.all(callers.map(c => cache.get(ref, c)));
    expect(catalog.calls).toHaveLength(callers.length);
    answers.forEach((entity, i) => {
      expect(entity?.metadata.annotations?.readBy).toBe(
        JSON.stringify(callers[i].principal),
      );
    });
  });

  it('reuses an answer, also "none", until it expires; references ignore case', async () => {
    let now = 1_000;
    const catalog = countingCatalog();
    const cache = new EntityReadCache({
      read: catalog.read,
      ttlMs: 100,
      now: () => now,
    });
    const alice = user('user:default/alice');
    await cache.get(ref, alice);
    await cache.get({ ...ref, kind: 'Component', name: 'Ledger' }, alice);
    expect(await cache.get({ ...ref, name: 'missing' }, alice)).toBeUndefined();
    await cache.get({ ...ref, name: 'missing' }, alice);
    expect(catalog.calls).toHaveLength(2);
    now += 100;
    await cache.get(ref, alice);
    expect(catalog.calls).toHaveLength(3);
  });

  it('keeps no failed read', async () => {
    let fail = true;
    const cache = new EntityReadCache({
      read: async () => {
        if (fail) throw new Error('catalog unreachable');
        return { apiVersion: 'v1', kind: 'Component', metadata: { name: 'x' } };
      },
    });
    const alice = user('user:default/alice');
    await expect(cache.get(ref, alice)).rejects.toThrow('catalog unreachable');
    fail = false;
    await expect(cache.get(ref, alice)).resolves.toMatchObject({
      metadata: { name: 'x' },
    });
  });

  it('holds at most maxEntries reads, dropping the oldest', async () => {
    const catalog = countingCatalog();
    const cache = new EntityReadCache({ read: catalog.read, maxEntries: 2 });
    const alice = user('user:default/alice');
    for (const name of ['a', 'b', 'c'])
      await cache.get({ ...ref, name }, alice);
    await cache.get({ ...ref, name: 'c' }, alice);
    await cache.get({ ...ref, name: 'b' }, alice);
    expect(catalog.calls).toHaveLength(3);
    await cache.get({ ...ref, name: 'a' }, alice);
    expect(catalog.calls).toHaveLength(4);
  });

  it('does not share reads of principals it does not know', async () => {
    const catalog = countingCatalog();
    const cache = new EntityReadCache({ read: catalog.read });
    const odd = {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'robot' },
    } as BackstageCredentials;
    await cache.get(ref, odd);
    await cache.get(ref, odd);
    expect(catalog.calls).toHaveLength(2);
  });
});
