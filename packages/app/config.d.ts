/** Configuration the portal's app reads. */
export interface Config {
  app?: {
    signIn?: {
      /**
       * Sign-in choices on the sign-in page, in order: `guest` (local use only: the backend
       * loads the guest provider only in development) and `github` (GitHub OAuth, configured
       * under `auth.providers.github`). Default `['guest']`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
