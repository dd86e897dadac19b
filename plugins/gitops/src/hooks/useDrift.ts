import { useApi } from '@backstage/core-plugin-api';
import type { DriftResponse } from '@gitops-portal/plugin-gitops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { type DriftQuery, gitOpsApiRef } from '../api';

/**
 * Drifted resources of one application with their manifests; nothing is loaded without a
 * query. Reloads when `refreshKey` changes.
 *
 * @public
 */
export function useDrift(
  entityRef: string,
  query: DriftQuery | undefined,
  refreshKey = '',
): { drift?: DriftResponse; loading: boolean; error?: Error; retry(): void } {
  const api = useApi(gitOpsApiRef);
  const environment = query?.environment;
  const instance = query?.instance;
  const application = query?.application;
  const namespace = query?.namespace;
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (!instance || !application) return undefined;
    return api.getDrift(entityRef, {
      environment,
      instance,
      application,
      namespace,
    });
  }, [
    api,
    entityRef,
    environment,
    instance,
    application,
    namespace,
    refreshKey,
  ]);
  return { drift: value, loading, error, retry };
}
