import type {
  RolloutAnalysisPhase,
  RolloutCanaryStep,
} from '@gitops-portal/plugin-gitops-node';
import { RolloutStrategy } from '../demo';

/** The canary steps of the shared chart: 20% → pause → analysis → 50% → pause → 100%. */
export const CANARY_STEPS: RolloutCanaryStep[] = [
  { setWeight: 20 },
  { pause: { duration: '10s' } },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { setWeight: 50 },
  { pause: { duration: '10s' } },
  { setWeight: 100 },
];

/** One ReplicaSet generation of a workload. */
export interface ReplicaSetGeneration {
  digest: string;
  /** `rollout.argoproj.io/revision` / `deployment.kubernetes.io/revision`. */
  revision: number;
  createdAt: string;
}

/** An AnalysisRun of a rollout. */
export interface AnalysisState {
  name: string;
  template: string;
  phase: RolloutAnalysisPhase;
  message?: string;
  startedAt: string;
  finishedAt?: string;
}

/** The rollout phases of Argo Rollouts (`status.phase`), also used for Deployments. */
export type WorkloadPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

/**
 * The live status of an application's workload (an Argo Rollouts Rollout or a Deployment):
 * which ReplicaSets exist, the canary step, pause, analysis and abort state.
 */
export interface WorkloadState {
  strategy: RolloutStrategy;
  /** `metadata.generation`, bumped by each spec change (sync or drift). */
  generation: number;
  /** Last revision number handed out to a ReplicaSet. */
  revisionCounter: number;
  stable: ReplicaSetGeneration;
  /** The updating ReplicaSet: canary, blue-green preview, or the new Deployment ReplicaSet. */
  updating: ReplicaSetGeneration | null;
  /** `status.currentStepIndex` of a canary (`CANARY_STEPS.length` when complete). */
  stepIndex: number;
  /** Whether the pods of the current setWeight step are ready. */
  stepReady: boolean;
  phase: WorkloadPhase;
  message?: string;
  abort: boolean;
  abortedAt?: string;
  pause?: {
    reason: 'CanaryPauseStep' | 'BlueGreenPause';
    startTime: string;
  };
  /** Step analysis (canary) or pre-promotion analysis (blue-green). */
  analysis?: AnalysisState;
  /** Blue-green: the preview pods are up. */
  previewReady: boolean;
  /** Pods not yet ready after a scale change. */
  scaling: boolean;
}

/** A workload that runs `digest` and nothing else. */
export function settledWorkload(
  strategy: RolloutStrategy,
  digest: string,
  revision: number,
  createdAt: string,
): WorkloadState {
  return {
    strategy,
    generation: Math.max(1, revision),
    revisionCounter: revision,
    stable: { digest, revision, createdAt },
    updating: null,
    stepIndex: CANARY_STEPS.length,
    stepReady: true,
    phase: 'Healthy',
    abort: false,
    previewReady: false,
    scaling: false,
  };
}

/** The canary weight in force: 0 when aborted, else the last `setWeight` up to the step. */
export function canaryWeight(state: WorkloadState): number {
  if (!state.updating || state.abort) {
    return 0;
  }
  let weight = 0;
  for (
    let i = 0;
    i <= Math.min(state.stepIndex, CANARY_STEPS.length - 1);
    i++
  ) {
    const w = CANARY_STEPS[i].setWeight;
    if (w !== undefined) {
      weight = w;
    }
  }
  return weight;
}
