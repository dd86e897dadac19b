import { githubAuthApiRef } from '@backstage/core-plugin-api';
import { signInProviders } from './SignInPage';

describe('signInProviders', () => {
  it('maps the configured names to sign-in choices, in order', () => {
    expect(signInProviders(['github', 'guest'])).toEqual([
      expect.objectContaining({
        id: 'github-auth-provider',
        apiRef: githubAuthApiRef,
      }),
      'guest',
    ]);
  });

  it('offers only guest by default and drops unknown names', () => {
    expect(signInProviders(['guest'])).toEqual(['guest']);
    expect(signInProviders(['okta', 'github'])).toHaveLength(1);
  });
});
