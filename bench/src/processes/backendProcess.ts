import { createBackend } from '@backstage/backend-defaults';
import { isBackendKind } from '../backends';
import { runChild } from './runChild';

/** What a backend child reports once `backend.start()` resolved. */
export interface BackendReady {
  pid: number;
}

/**
 * Child entry point: one Backstage backend with the default core services, the catalog (the
 * benchmark's entities from a file location) and exactly one Argo CD plugin, picked by
 * `BENCH_BACKEND` (none for `baseline`). Config comes from the `--config` file the harness wrote.
 */
runChild<BackendReady>(async () => {
  const kind = process.env.BENCH_BACKEND ?? '';
  if (!isBackendKind(kind) && kind !== 'baseline') {
    throw new Error(
      `BENCH_BACKEND must be ours, roadie, community or baseline, not "${kind}"`,
    );
  }
  const backend = createBackend();
  backend.add(import('@backstage/plugin-catalog-backend'));
  switch (kind) {
    case 'ours':
      backend.add(import('@gitops-portal/plugin-gitops-backend'));
      break;
    case 'roadie': {
      // As its README says for the new backend system.
      const { argocdServiceFactory } = await import(
        '@roadiehq/backstage-plugin-argo-cd-node'
      );
      backend.add(argocdServiceFactory);
      backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
      break;
    }
    case 'community':
      backend.add(import('@backstage-community/plugin-argocd-backend'));
      break;
    case 'baseline':
      break;
    default:
      throw new Error(`unknown backend ${kind satisfies never}`);
  }
  await backend.start();
  return {
    ready: { pid: process.pid },
    stop: () => backend.stop(),
  };
});
