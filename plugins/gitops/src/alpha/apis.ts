import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { GitOpsClient, gitOpsApiRef } from '../api';

/**
 * The GitOps API client (new frontend system).
 *
 * @alpha
 */
export const gitOpsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
});
