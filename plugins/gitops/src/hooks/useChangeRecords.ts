import { useApi } from '@backstage/core-plugin-api';
import type { ChangeRecord } from '@gitops-portal/plugin-gitops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitOpsApiRef } from '../api';

/**
 * The entity's promotion and rollback records, newest first. Reloaded when `refreshKey`
 * changes; the last list stays on screen while it reloads.
 *
 * @public
 */
export function useChangeRecords(
  entityRef: string,
  refreshKey: string,
): {
  records?: ChangeRecord[];
  loading: boolean;
  error?: Error;
  retry(): void;
} {
  const api = useApi(gitOpsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const { items } = await api.listChanges(entityRef);
    return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, [api, entityRef, refreshKey]);
  return { records: value, loading, error, retry };
}
