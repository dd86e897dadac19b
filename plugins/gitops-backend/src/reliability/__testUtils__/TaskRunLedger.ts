import {
  coreServices,
  createServiceFactory,
  type SchedulerService,
  type SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';

/** One run of a scheduled task on one replica. */
export interface TaskRun {
  replica: string;
  taskId: string;
  startedAt: number;
  endedAt?: number;
}

/**
 * Counts the runs of scheduled tasks across replicas, and the most runs of one task that were
 * ever in progress at the same moment. Each replica has Backstage's real scheduler
 * (`DefaultSchedulerService`, coordinating through the shared database); only the task
 * functions are wrapped.
 */
export class TaskRunLedger {
  readonly runs: TaskRun[] = [];
  private readonly running = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  /**
   * Time every run holds on to after the task's work, so that a second replica running the
   * same task without coordination would overlap it.
   */
  holdMs = 0;

  /** The most runs of a task that overlapped. */
  peakConcurrency(taskId: string): number {
    return this.peaks.get(taskId) ?? 0;
  }

  runsOf(taskId: string, replica?: string): TaskRun[] {
    return this.runs.filter(
      r =>
        r.taskId === taskId && (replica === undefined || r.replica === replica),
    );
  }

  private wrap(
    replica: string,
    taskId: string,
    fn: SchedulerServiceTaskFunction,
  ): SchedulerServiceTaskFunction {
    return async (signal: AbortSignal) => {
      const run: TaskRun = { replica, taskId, startedAt: Date.now() };
      this.runs.push(run);
      const now = (this.running.get(taskId) ?? 0) + 1;
      this.running.set(taskId, now);
      this.peaks.set(taskId, Math.max(this.peaks.get(taskId) ?? 0, now));
      try {
        await fn(signal);
        if (this.holdMs > 0) {
          await new Promise(resolve => setTimeout(resolve, this.holdMs));
        }
      } finally {
        this.running.set(taskId, (this.running.get(taskId) ?? 1) - 1);
        run.endedAt = Date.now();
      }
    };
  }

  /** The real scheduler of one replica, with its task functions counted. */
  schedulerFactory(replica: string) {
    return createServiceFactory({
      service: coreServices.scheduler,
      deps: {
        database: coreServices.database,
        logger: coreServices.logger,
        rootLifecycle: coreServices.rootLifecycle,
        httpRouter: coreServices.httpRouter,
        pluginMetadata: coreServices.pluginMetadata,
        metrics: metricsServiceRef,
      },
      factory: (deps): SchedulerService => {
        const real = DefaultSchedulerService.create(deps);
        return {
          triggerTask: id => real.triggerTask(id),
          cancelTask: id => real.cancelTask(id),
          getScheduledTasks: () => real.getScheduledTasks(),
          scheduleTask: task =>
            real.scheduleTask({
              ...task,
              fn: this.wrap(replica, task.id, task.fn),
            }),
          createScheduledTaskRunner: schedule => ({
            run: task =>
              real.scheduleTask({
                ...schedule,
                ...task,
                fn: this.wrap(replica, task.id, task.fn),
              }),
          }),
        };
      },
    });
  }
}
