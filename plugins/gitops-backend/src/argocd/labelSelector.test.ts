import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    team: 'billing',
    tier: 'backend',
    'app.kubernetes.io/part-of': 'ledger',
  };

  it.each([
    ['team=billing', true],
    ['team==billing', true],
    ['team!=billing', false],
    ['team=payments', false],
    ['team=billing,tier=backend', true],
    ['team=billing, tier=frontend', false],
    ['tier in (backend, frontend)', true],
    ['tier notin (backend)', false],
    ['owner notin (x)', true],
    ['app.kubernetes.io/part-of=ledger', true],
    ['team', true],
    ['!owner', true],
    ['!team', false],
    ['team=', false], // an empty value matches only an empty label
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it.each(['', '=billing', 'tier in (a', 'team ~ billing'])(
    'rejects %p rather than matching everything',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow();
    },
  );
});
