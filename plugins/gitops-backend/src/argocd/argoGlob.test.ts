import { argoGlobMatch } from './argoGlob';

describe('argoGlobMatch', () => {
  it.each([
    ['*', 'anything/at.all', true],
    ['prod', 'prod', true],
    ['prod', 'prod-eu', false],
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'staging-eu', false],
    // no path separators: `*` spans `/` and `.` of server URLs
    ['https://*.example.com', 'https://prod.eu.example.com', true],
    ['*prod*', 'https://k8s.prod.example.com:6443', true],
    ['gateway-?', 'gateway-1', true],
    ['gateway-?', 'gateway-12', false],
    ['gateway-[0-9]', 'gateway-7', true],
    ['gateway-[!0-9]', 'gateway-7', false],
    ['gateway-[!0-9]', 'gateway-x', true],
    ['{gateway,ledger}-prod', 'ledger-prod', true],
    ['{gateway,ledger}-prod', 'orders-prod', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['team.a', 'teamxa', false],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(argoGlobMatch(pattern, value)).toBe(expected);
  });

  it('matches nothing for a pattern that does not compile', () => {
    expect(argoGlobMatch('gateway-[', 'gateway-[')).toBe(false);
    expect(argoGlobMatch('{a,b', 'a')).toBe(false);
    expect(argoGlobMatch('a}', 'a}')).toBe(false);
  });
});
