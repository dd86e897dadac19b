import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { type Entity, parseEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GITOPS_SERVICE_ANNOTATION } from '@gitops-portal/plugin-gitops-common';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import type express from 'express';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import type { EntityAccess } from '../service/EntityAccess';
import type { EntityStatusReader } from '../service/types';
import type {
  ChangeRecordStore,
  StoredChangeRecord,
} from './ChangeRecordStore';
import { ChangeWriter } from './ChangeWriter';
import { createChangesRouter } from './changesRouter';
import { PinHistory } from './PinHistory';
import { PromotionEngine } from './PromotionEngine';
import { RecordReconciler } from './RecordReconciler';

/**
 * The write side of the plugin, assembled.
 *
 * @public
 */
export interface ChangesFeature {
  router: express.Router;
  engine: PromotionEngine;
  store: ChangeRecordStore;
  reconciler: RecordReconciler;
}

/**
 * Assembles the write side on the records' store (`openChangeRecordStore`), and
 * schedules the reconciliation of records (global task, every
 * `gitops.recordsReconcileIntervalSeconds`).
 *
 * @public
 */
export async function createChangesFeature(options: {
  config: GitOpsConfig;
  logger: LoggerService;
  store: ChangeRecordStore;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  entityAccess: EntityAccess;
  provider: GitOpsRepositoryProvider;
  statusReader: EntityStatusReader;
}): Promise<ChangesFeature> {
  const { config, logger, provider, store } = options;
  const writer = new ChangeWriter({ provider, store, logger });
  const history = new PinHistory({
    provider,
    store,
    branch: config.repository.branch,
    layout: config.repository.layout,
  });
  const engine = new PromotionEngine({
    config,
    provider,
    writer,
    history,
    entityAccess: options.entityAccess,
    statusReader: options.statusReader,
    permissions: options.permissions,
    logger,
  });

  const findEntity = async (
    record: StoredChangeRecord,
  ): Promise<Entity | undefined> => {
    const credentials = await options.auth.getOwnServiceCredentials();
    if (record.entityRef) {
      return options.catalog.getEntityByRef(parseEntityRef(record.entityRef), {
        credentials,
      });
    }
    const { items } = await options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GITOPS_SERVICE_ANNOTATION}`]: record.service,
        },
        limit: 1,
      },
      { credentials },
    );
    return items[0];
  };
  const reconciler = new RecordReconciler({
    store,
    writer,
    provider,
    statusReader: options.statusReader,
    findEntity,
    logger,
  });
  const interval = config.recordsReconcileIntervalSeconds;
  await options.scheduler.scheduleTask({
    id: 'gitops-change-records-reconcile',
    scope: 'global',
    frequency: { seconds: interval },
    initialDelay: { seconds: Math.min(interval, 10) },
    timeout: { seconds: Math.max(60, interval * 2) },
    fn: async () => {
      const result = await reconciler.run();
      if (
        result.merged ||
        result.closed ||
        result.deployed ||
        result.abandoned ||
        result.errors
      ) {
        logger.info(
          `Change records: ${result.merged} merged, ${result.closed} closed, ${result.deployed} deployed, ${result.abandoned} abandoned, ${result.errors} errors`,
        );
      }
    },
  });

  const router = createChangesRouter({
    config,
    httpAuth: options.httpAuth,
    auditor: options.auditor,
    entityAccess: options.entityAccess,
    engine,
    store,
    history,
    statusReader: options.statusReader,
  });
  return { router, engine, store, reconciler };
}
