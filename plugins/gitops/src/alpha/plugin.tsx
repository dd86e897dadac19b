import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The GitOps plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  info: { packageJson: () => import('../../package.json') },
  extensions: [],
});
