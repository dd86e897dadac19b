import type {
  AuditorService,
  CacheService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import { ApplicationIndex } from '../argocd/ApplicationIndex';
import type { ArgoCdRequestListener } from '../argocd/ArgoCdClient';
import { ProjectSyncWindows } from '../argocd/ProjectSyncWindows';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import { DriftService } from '../drift/DriftService';
import type { EntityAccess } from '../service/EntityAccess';
import type {
  DesiredStateSource,
  EntityChangeRecordsSource,
} from '../service/types';
import { EntityStatusReadout } from './EntityStatusReadout';
import { EntityStatusService } from './EntityStatusService';
import { StatusEvents } from './StatusEvents';
import { createStatusRouter } from './statusRouter';
import { TargetDetailsService } from './TargetDetailsService';

/**
 * The read side of the plugin, assembled: the application index with its watchers and
 * scheduled re-lists, the status, drift and events services, and their router.
 *
 * @public
 */
export interface StatusFeature {
  router: express.Router;
  details: TargetDetailsService;
  /** Entity status, also for the promotion gates. */
  entityStatus: EntityStatusService;
  index: ApplicationIndex;
}

/**
 * Assembles the read side and ties it to the plugin's lifecycle: the watchers start when the
 * backend has started (an unreachable instance only delays its own data) and stop, with every
 * open event stream, when it shuts down. Two scheduler tasks keep the index honest: the full
 * re-list (global, one replica per interval, published through the cache) and the merge of
 * the published lists (local, every replica).
 *
 * @public
 */
export async function createStatusFeature(options: {
  config: GitOpsConfig;
  logger: LoggerService;
  cache: CacheService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  entityAccess: EntityAccess;
  desiredState: DesiredStateSource;
  /** The change records that `?include=changes` adds to the status; without, it is refused. */
  changeRecords?: EntityChangeRecordsSource;
  /** Observes every call to Argo CD (tests, benchmarks). */
  onArgoCdRequest?: ArgoCdRequestListener;
}): Promise<StatusFeature> {
  const { config, logger, cache } = options;
  const index = ApplicationIndex.fromConfig(config, {
    logger,
    cache,
    onRequest: options.onArgoCdRequest,
    idleTimeoutMs: config.argocd.watchIdleTimeoutSeconds * 1000,
  });
  const projectWindows = new ProjectSyncWindows({ index, logger });
  const details = new TargetDetailsService({
    index,
    cache,
    logger,
    projectWindows,
  });
  const entityStatus = EntityStatusService.create({
    config,
    index,
    details,
    desiredState: options.desiredState,
    logger,
  });
  const readout = new EntityStatusReadout(entityStatus, options.changeRecords);
  const events = new StatusEvents({
    index,
    details,
    status: entityStatus,
    readout,
    logger,
  });
  const drift = new DriftService({ index, cache });

  const interval = { seconds: config.argocd.fullListIntervalSeconds };
  if (config.argocd.instances.length > 0) {
    await options.scheduler.scheduleTask({
      id: 'gitops-argocd-full-list',
      scope: 'global',
      frequency: interval,
      initialDelay: interval,
      timeout: { seconds: Math.max(60, config.argocd.fullListIntervalSeconds) },
      fn: signal => index.relistAll(signal),
    });
    await options.scheduler.scheduleTask({
      id: 'gitops-argocd-merge-shared-list',
      scope: 'local',
      frequency: interval,
      initialDelay: interval,
      timeout: { seconds: 60 },
      fn: () => index.applySharedSnapshots(),
    });
  }

  options.lifecycle.addStartupHook(() => {
    index.start();
    // Not awaited: an unreachable instance must not hold up the backend's start.
    void projectWindows.refreshAll();
  });
  options.lifecycle.addShutdownHook(async () => {
    events.close();
    await index.stop();
  });

  return {
    router: createStatusRouter({
      httpAuth: options.httpAuth,
      auditor: options.auditor,
      entityAccess: options.entityAccess,
      status: entityStatus,
      readout,
      drift,
      events,
      instances: index.instanceNames(),
    }),
    entityStatus,
    index,
    details,
  };
}
