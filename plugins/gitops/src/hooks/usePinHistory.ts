import { useApi } from '@backstage/core-plugin-api';
import type { PinHistoryItem } from '@gitops-portal/plugin-gitops-common';
import { useCallback, useEffect, useState } from 'react';
import { gitOpsApiRef } from '../api';

/**
 * State of {@link usePinHistory}.
 *
 * @public
 */
export interface PinHistoryState {
  items?: PinHistoryItem[];
  loading: boolean;
  error?: Error;
  /** True when older items can be loaded. */
  hasMore: boolean;
  loadMore(): void;
}

/**
 * The pin history of one environment, newest first, page by page. Reloads the first page
 * when `refreshKey` changes and keeps the shown items meanwhile.
 *
 * @public
 */
export function usePinHistory(
  entityRef: string,
  environment: string | undefined,
  refreshKey = '',
): PinHistoryState {
  const api = useApi(gitOpsApiRef);
  const [items, setItems] = useState<PinHistoryItem[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error>();

  useEffect(() => {
    if (!environment) return undefined;
    let cancelled = false;
    setLoading(true);
    api.getPinHistory(entityRef, { environment }).then(
      page => {
        if (cancelled) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(undefined);
        setLoading(false);
      },
      e => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, environment, refreshKey]);

  const loadMore = useCallback(() => {
    if (!environment || !cursor) return;
    setLoading(true);
    api.getPinHistory(entityRef, { environment, cursor }).then(
      page => {
        setItems(current => [...(current ?? []), ...page.items]);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      e => {
        setError(e);
        setLoading(false);
      },
    );
  }, [api, entityRef, environment, cursor]);

  return { items, loading, error, hasMore: Boolean(cursor), loadMore };
}
