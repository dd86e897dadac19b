import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAnnotated } from '@gitops-portal/plugin-gitops-common';

/**
 * The overview card: environment × status matrix linking to the GitOps tab.
 *
 * @alpha
 */
export const gitOpsEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    type: 'content',
    filter: isGitOpsAnnotated,
    loader: () =>
      import('../components/GitOpsOverviewCard').then(m =>
        compatWrapper(<m.GitOpsOverviewCard />),
      ),
  },
});
