import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { callerKey } from './callerKey';

const credentials = (principal: unknown) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal,
  } as BackstageCredentials);

describe('callerKey', () => {
  it('tells apart every principal that may see or be allowed something else', () => {
    const principals = [
      { type: 'user', userEntityRef: 'user:default/alice' },
      { type: 'user', userEntityRef: 'user:default/bob' },
      {
        type: 'user',
        userEntityRef: 'user:default/alice',
        actor: { type: 'service', subject: 'plugin:scaffolder' },
      },
      { type: 'service', subject: 'plugin:catalog' },
      {
        type: 'service',
        subject: 'plugin:catalog',
        accessRestrictions: { permissionNames: ['catalog.entity.read'] },
      },
      { type: 'none' },
    ];
    const keys = principals.map(p => callerKey(credentials(p)));
    expect(keys.every(k => typeof k === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(principals.length);
  });

  it('gives the same key to the same principal in other credentials', () => {
    const alice = () =>
      credentials({ type: 'user', userEntityRef: 'user:default/alice' });
    expect(callerKey(alice())).toBe(callerKey(alice()));
  });

  it('gives no key to a principal it does not know', () => {
    expect(callerKey(credentials({ type: 'robot' }))).toBeUndefined();
    expect(callerKey(credentials(undefined))).toBeUndefined();
  });
});
