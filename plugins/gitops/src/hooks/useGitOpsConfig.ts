import { useApi } from '@backstage/core-plugin-api';
import type { GitOpsPublicConfig } from '@gitops-portal/plugin-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { gitOpsApiRef } from '../api';

/**
 * The backend's public GitOps configuration (environments in promotion order).
 *
 * @public
 */
export function useGitOpsConfig(): {
  config?: GitOpsPublicConfig;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(gitOpsApiRef);
  const { value, loading, error } = useAsync(() => api.getConfig(), [api]);
  return { config: value, loading, error };
}
