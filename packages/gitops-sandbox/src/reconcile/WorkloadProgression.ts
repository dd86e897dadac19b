import { ScheduledTask, Scheduler } from '../clock/Scheduler';
import { ModeledApp } from '../argocd/ModeledApp';
import { podHash } from '../argocd/clusterResources';
import {
  CANARY_STEPS,
  WorkloadState,
  settledWorkload,
} from '../argocd/WorkloadState';
import { TIMING } from './timing';

/**
 * Plays the Argo Rollouts controller (canary and blue-green) and the Deployment controller for
 * the modeled applications: after a sync changes the image, it walks the canary steps (weights,
 * timed pauses, the success-rate analysis), runs the blue-green preview, smoke test and
 * promotion, or rolls a Deployment; an image marked bad fails its analysis and the rollout
 * aborts (Degraded), as a real one would.
 */
export class WorkloadProgression {
  private readonly timers = new Map<ModeledApp, ScheduledTask>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly isBad: (digest: string) => boolean,
    private readonly changed: (app: ModeledApp) => void,
    private readonly log: (line: string) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Stops the progression of one application (it was deleted or replaced). */
  cancel(app: ModeledApp): void {
    this.timers.get(app)?.cancel();
    this.timers.delete(app);
  }

  /** Stops every progression. */
  cancelAll(): void {
    for (const task of this.timers.values()) task.cancel();
    this.timers.clear();
  }

  private after(app: ModeledApp, ms: number, step: () => void) {
    this.timers.get(app)?.cancel();
    this.timers.set(
      app,
      this.scheduler.after(
        ms,
        () => {
          this.timers.delete(app);
          step();
        },
        this.onError,
      ),
    );
  }

  private emit(app: ModeledApp) {
    app.workloadChangedAt = this.scheduler.nowIso();
    this.changed(app);
  }

  /** The first deployment of an application: pods start, then Healthy (no canary). */
  firstDeploy(app: ModeledApp, digest: string): void {
    this.cancel(app);
    const w = settledWorkload(
      app.target.strategy,
      digest,
      1,
      this.scheduler.nowIso(),
    );
    w.phase = 'Progressing';
    w.scaling = true;
    app.workload = w;
    this.emit(app);
    this.after(app, TIMING.scaleMs, () => {
      w.scaling = false;
      w.phase = 'Healthy';
      this.emit(app);
    });
  }

  /** Replicas changed (sync or drift): the pods follow, briefly Progressing. */
  scale(app: ModeledApp): void {
    const w = app.workload;
    if (!w) return;
    w.generation += 1;
    if (w.updating && !w.abort) {
      // A rollout in flight absorbs the scale change.
      this.emit(app);
      return;
    }
    w.scaling = true;
    const previousPhase = w.phase;
    if (previousPhase === 'Healthy') {
      w.phase = 'Progressing';
      w.message = 'more replicas need to be updated';
    }
    this.emit(app);
    this.after(app, TIMING.scaleMs, () => {
      w.scaling = false;
      if (w.phase === 'Progressing') {
        w.phase = 'Healthy';
        w.message = undefined;
      }
      this.emit(app);
    });
  }

  /** A sync applied a new image: start the rollout of `digest`. */
  update(app: ModeledApp, digest: string): void {
    const w = app.workload;
    if (!w) {
      this.firstDeploy(app, digest);
      return;
    }
    if (w.updating && w.updating.digest === digest && !w.abort) {
      return;
    }
    this.cancel(app);
    w.generation += 1;
    w.pause = undefined;
    w.analysis = undefined;
    w.abort = false;
    w.abortedAt = undefined;
    w.message = undefined;
    if (digest === w.stable.digest) {
      // Back to the stable ReplicaSet (a rollback): Argo Rollouts skips the steps.
      w.updating = null;
      w.stepIndex = CANARY_STEPS.length;
      w.phase = 'Progressing';
      w.scaling = true;
      this.log(`${app.name}: back to the stable ReplicaSet`);
      this.emit(app);
      this.after(app, TIMING.scaleMs, () => {
        w.scaling = false;
        w.phase = 'Healthy';
        this.emit(app);
      });
      return;
    }
    w.revisionCounter += 1;
    w.updating = {
      digest,
      revision: w.revisionCounter,
      createdAt: this.scheduler.nowIso(),
    };
    w.previewReady = false;
    if (w.strategy === 'canary') {
      this.enterCanaryStep(app, w, 0);
    } else if (w.strategy === 'blueGreen') {
      this.startBlueGreen(app, w);
    } else {
      this.startRolling(app, w);
    }
  }

  private complete(app: ModeledApp, w: WorkloadState) {
    if (w.updating) {
      w.stable = w.updating;
    }
    w.updating = null;
    w.stepIndex = CANARY_STEPS.length;
    w.stepReady = true;
    w.pause = undefined;
    w.analysis = undefined;
    w.previewReady = false;
    w.phase = 'Healthy';
    w.message = undefined;
    this.log(
      `${app.name}: rollout complete, ${shortDigest(
        w.stable.digest,
      )} is stable`,
    );
    this.emit(app);
  }

  private abort(app: ModeledApp, w: WorkloadState, metric: string) {
    w.abort = true;
    w.abortedAt = this.scheduler.nowIso();
    w.phase = 'Degraded';
    w.pause = undefined;
    w.stepIndex = 0;
    w.previewReady = false;
    w.message = `RolloutAborted: Rollout aborted update to revision ${
      w.updating?.revision ?? w.revisionCounter
    }: Metric "${metric}" assessed Failed due to failed (1) > failureLimit (0)`;
    this.log(`${app.name}: analysis failed, rollout aborted`);
    this.emit(app);
  }

  private enterCanaryStep(app: ModeledApp, w: WorkloadState, index: number) {
    w.stepIndex = index;
    if (index >= CANARY_STEPS.length) {
      this.complete(app, w);
      return;
    }
    const step = CANARY_STEPS[index];
    const updating = w.updating!;
    if (step.setWeight !== undefined) {
      w.stepReady = false;
      w.pause = undefined;
      w.phase = 'Progressing';
      w.message = 'more replicas need to be updated';
      this.log(`${app.name}: canary setWeight ${step.setWeight}`);
      this.emit(app);
      this.after(app, TIMING.canary.weightReadyMs, () => {
        w.stepReady = true;
        this.enterCanaryStep(app, w, index + 1);
      });
    } else if (step.pause) {
      w.pause = {
        reason: 'CanaryPauseStep',
        startTime: this.scheduler.nowIso(),
      };
      w.phase = 'Paused';
      w.message = 'CanaryPauseStep';
      this.log(`${app.name}: canary paused at step ${index}`);
      this.emit(app);
      this.after(app, TIMING.canary.pauseMs, () => {
        w.pause = undefined;
        this.enterCanaryStep(app, w, index + 1);
      });
    } else if (step.analysis) {
      w.pause = undefined;
      w.phase = 'Progressing';
      w.message = undefined;
      w.analysis = {
        name: `${app.service}-${podHash(app.service, updating.digest)}-${
          updating.revision
        }-${index}`,
        template: 'success-rate',
        phase: 'Running',
        startedAt: this.scheduler.nowIso(),
      };
      this.emit(app);
      this.after(app, TIMING.canary.analysisMs, () => {
        const analysis = w.analysis!;
        analysis.finishedAt = this.scheduler.nowIso();
        if (this.isBad(updating.digest)) {
          analysis.phase = 'Failed';
          analysis.message =
            'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)';
          this.abort(app, w, 'success-rate');
          return;
        }
        analysis.phase = 'Successful';
        this.enterCanaryStep(app, w, index + 1);
      });
    } else {
      this.enterCanaryStep(app, w, index + 1);
    }
  }

  private startBlueGreen(app: ModeledApp, w: WorkloadState) {
    const updating = w.updating!;
    w.phase = 'Progressing';
    w.message = 'more replicas need to be updated';
    this.log(`${app.name}: blue-green preview starting`);
    this.emit(app);
    this.after(app, TIMING.blueGreen.previewReadyMs, () => {
      w.previewReady = true;
      w.pause = {
        reason: 'BlueGreenPause',
        startTime: this.scheduler.nowIso(),
      };
      w.phase = 'Paused';
      w.message = 'BlueGreenPause';
      w.analysis = {
        name: `${app.service}-${podHash(app.service, updating.digest)}-${
          updating.revision
        }-pre`,
        template: 'smoke-test',
        phase: 'Running',
        startedAt: this.scheduler.nowIso(),
      };
      this.emit(app);
      this.after(app, TIMING.blueGreen.analysisMs, () => {
        const analysis = w.analysis!;
        analysis.finishedAt = this.scheduler.nowIso();
        if (this.isBad(updating.digest)) {
          analysis.phase = 'Failed';
          analysis.message =
            'Metric "smoke-test" assessed Failed due to failed (1) > failureLimit (0)';
          this.abort(app, w, 'smoke-test');
          return;
        }
        analysis.phase = 'Successful';
        this.emit(app);
        this.after(
          app,
          Math.max(
            0,
            TIMING.blueGreen.autoPromotionMs - TIMING.blueGreen.analysisMs,
          ),
          () => this.complete(app, w),
        );
      });
    });
  }

  private startRolling(app: ModeledApp, w: WorkloadState) {
    const updating = w.updating!;
    w.phase = 'Progressing';
    this.log(`${app.name}: rolling update`);
    this.emit(app);
    if (this.isBad(updating.digest)) {
      this.after(app, TIMING.rolling.progressDeadlineMs, () => {
        w.phase = 'Degraded';
        w.message = `Deployment "${app.service}" exceeded its progress deadline`;
        this.log(`${app.name}: progress deadline exceeded`);
        this.emit(app);
      });
      return;
    }
    this.after(app, TIMING.rolling.progressMs, () => this.complete(app, w));
  }
}

function shortDigest(digest: string): string {
  return digest.slice(0, 19);
}
