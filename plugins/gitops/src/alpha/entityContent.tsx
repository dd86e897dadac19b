import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAnnotated } from '@gitops-portal/plugin-gitops-common';

/**
 * The entity tab "GitOps" at `/gitops`, for entities with the GitOps annotations.
 *
 * @alpha
 */
export const gitOpsEntityContent = EntityContentBlueprint.make({
  name: 'gitops',
  params: {
    path: '/gitops',
    title: 'GitOps',
    group: 'deployment',
    filter: isGitOpsAnnotated,
    loader: () =>
      import('../components/GitOpsContent').then(m =>
        compatWrapper(<m.GitOpsContent />),
      ),
  },
});
