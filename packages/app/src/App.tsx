import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * The portal app (new frontend system). Every plugin in this package's dependencies is
 * discovered through `app.packages: all`, the GitOps plugin included.
 */
export default createApp({
  features: [catalogPlugin, navModule, signInModule],
});
