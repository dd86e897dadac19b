import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitOpsApiRef } from '../api';
import { type ChangeCheck, toChangeCheck } from './changePlan';

/**
 * The gates of promoting from one environment to the next, from a dry run. Re-evaluated when
 * `refreshKey` changes (the pins or health moved); the last result stays while it reloads.
 *
 * @public
 */
export function usePromotionCheck(options: {
  entityRef: string;
  from: string;
  to: string;
  refreshKey: string;
}): ChangeCheck & { loading: boolean; retry(): void } {
  const { entityRef, from, to, refreshKey } = options;
  const api = useApi(gitOpsApiRef);
  const { value, loading, retry } = useAsyncRetry(async () => {
    try {
      return toChangeCheck({
        plan: await api.planPromotion({ entityRef, from, to }),
      });
    } catch (error) {
      return toChangeCheck({ error: error as Error });
    }
  }, [api, entityRef, from, to, refreshKey]);
  return {
    ...(value ?? { gates: [], ready: false }),
    loading,
    retry,
  };
}
