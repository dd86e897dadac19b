import { useApi } from '@backstage/core-plugin-api';
import type { EntityGitOpsStatus } from '@gitops-portal/plugin-gitops-common';
import { useEffect, useState } from 'react';
import {
  gitOpsApiRef,
  type StatusSubscriptionOptions,
  type StatusUpdateMode,
} from '../api';

/**
 * State of {@link useEntityGitOpsStatus}.
 *
 * @public
 */
export interface EntityGitOpsStatusState {
  /** The last status received; kept while updates fail, so the page never blanks. */
  status?: EntityGitOpsStatus;
  /** The last failure, until the status loads again. */
  error?: Error;
  /** True until the first status or error. */
  loading: boolean;
  mode: StatusUpdateMode;
  /** When the status last changed. */
  updatedAt?: Date;
}

/**
 * The entity's GitOps status, kept up to date through the backend's events (or polling).
 * With `includeChanges`, `status.changes` holds the entity's change records, kept up to date
 * the same way.
 *
 * @public
 */
export function useEntityGitOpsStatus(
  entityRef: string,
  options?: StatusSubscriptionOptions,
): EntityGitOpsStatusState {
  const includeChanges = options?.includeChanges ?? false;
  const api = useApi(gitOpsApiRef);
  const [state, setState] = useState<EntityGitOpsStatusState>({
    loading: true,
    mode: 'connecting',
  });

  useEffect(() => {
    setState({ loading: true, mode: 'connecting' });
    return api.subscribeStatus(
      entityRef,
      {
        onStatus: status =>
          setState(s => ({
            ...s,
            status,
            error: undefined,
            loading: false,
            updatedAt: new Date(),
          })),
        onError: error =>
          setState(s =>
            s.error === error ? s : { ...s, error, loading: false },
          ),
        onModeChange: mode => setState(s => ({ ...s, mode })),
      },
      { includeChanges },
    );
  }, [api, entityRef, includeChanges]);

  return state;
}
