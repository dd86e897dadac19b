import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { gitOpsApiRef } from '../api';
import { type ChangeCheck, toChangeCheck } from './changePlan';

/**
 * The gates of rolling an environment back to a digest, from a dry run; nothing is asked
 * while `digest` is undefined.
 *
 * @public
 */
export function useRollbackCheck(options: {
  entityRef: string;
  environment: string;
  digest: string | undefined;
}): ChangeCheck & { loading: boolean } {
  const { entityRef, environment, digest } = options;
  const api = useApi(gitOpsApiRef);
  const { value, loading } = useAsync(async () => {
    if (!digest) return undefined;
    try {
      return toChangeCheck({
        plan: await api.planRollback({ entityRef, environment, digest }),
      });
    } catch (error) {
      return toChangeCheck({ error: error as Error });
    }
  }, [api, entityRef, environment, digest]);
  return { ...(value ?? { gates: [], ready: false }), loading };
}
