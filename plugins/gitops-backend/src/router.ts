import express from 'express';
import Router from 'express-promise-router';
import { GITOPS_ROUTES } from '@gitops-portal/plugin-gitops-common';
import type { GitOpsConfig } from './config/GitOpsConfig';
import type { EntityAccess } from './service/EntityAccess';

/**
 * Options of {@link createRouter}.
 *
 * @public
 */
export interface RouterOptions {
  config: GitOpsConfig;
  entityAccess: EntityAccess;
  /** Routers of the plugin's features (status, changes), mounted in order. */
  routers: express.Router[];
}

/**
 * The plugin's HTTP API under `/api/gitops`: health, public configuration and the features'
 * routes. Errors are serialised by Backstage's error middleware.
 *
 * @public
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { config } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(GITOPS_ROUTES.config, (_req, res) => {
    res.json({
      environments: config.environments.map(e => ({
        name: e.name,
        autoMerge: e.autoMerge,
        approvals: e.approvals,
      })),
      repository: {
        url: config.repository.url,
        branch: config.repository.branch,
      },
    });
  });

  for (const featureRouter of options.routers) {
    router.use(featureRouter);
  }
  return router;
}
