import {
  SignInPage as CoreSignInPage,
  type SignInProviderConfig,
} from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';

/** The sign-in choices the portal knows; `app.signIn.providers` picks among them. */
const PROVIDERS: Record<string, SignInProviderConfig> = {
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
};

/**
 * The names in `app.signIn.providers` (default `['guest']`): `guest` for local use (the backend
 * loads the guest module only in development), `github` for production.
 */
export function signInProviders(
  names: string[],
): Array<'guest' | SignInProviderConfig> {
  return names.flatMap((name): Array<'guest' | SignInProviderConfig> => {
    if (name === 'guest') return ['guest'];
    const provider = PROVIDERS[name];
    return provider ? [provider] : [];
  });
}

/** The portal's sign-in page: the providers its configuration names. */
export function SignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('app.signIn.providers') ?? [
    'guest',
  ];
  return <CoreSignInPage {...props} auto providers={signInProviders(names)} />;
}
