import { SelectorError, parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    'app.kubernetes.io/part-of': 'gateway',
    'gitops/environment': 'dev',
  };

  it.each([
    ['', true],
    ['app.kubernetes.io/part-of=gateway', true],
    ['app.kubernetes.io/part-of==gateway', true],
    ['app.kubernetes.io/part-of=web', false],
    ['app.kubernetes.io/part-of!=web', true],
    ['app.kubernetes.io/part-of in (web, gateway)', true],
    ['app.kubernetes.io/part-of notin (web,gateway)', false],
    [
      'gitops/environment in (dev,staging),app.kubernetes.io/part-of=gateway',
      true,
    ],
    [
      'gitops/environment in (dev,staging),app.kubernetes.io/part-of=web',
      false,
    ],
    ['gitops/preview', false],
    ['!gitops/preview', true],
    ['gitops/preview!=true', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects selectors it cannot parse', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(SelectorError);
    expect(() => parseLabelSelector('=x')).toThrow(SelectorError);
  });
});
