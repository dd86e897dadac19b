import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { gitOpsApi } from './apis';
import { gitOpsEntityCard } from './entityCard';
import { gitOpsEntityContent } from './entityContent';
import {
  gitopsDigestPickerFormField,
  gitopsEnvironmentPickerFormField,
} from '../fields/alpha';

/**
 * The GitOps plugin for the new frontend system: the API client, the entity tab "GitOps" and
 * the overview card.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    gitOpsApi,
    gitOpsEntityContent,
    gitOpsEntityCard,
    gitopsEnvironmentPickerFormField,
    gitopsDigestPickerFormField,
  ],
});
