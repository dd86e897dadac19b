/**
 * Argo Rollouts `argoproj.io/v1alpha1` objects, as Argo CD's resource endpoint returns them.
 * Field names follow `pkg/apis/rollouts/v1alpha1/types.go` of argo-rollouts.
 */

/** @public */
export type RolloutAnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Error'
  | 'Inconclusive';

/** @public */
export interface RolloutCanaryStep {
  setWeight?: number;
  pause?: { duration?: number | string };
  analysis?: { templates?: Array<{ templateName?: string }> };
  experiment?: unknown;
  setCanaryScale?: unknown;
}

/** @public */
export interface RolloutAnalysisRunStatus {
  name: string;
  status: RolloutAnalysisPhase;
  message?: string;
}

/** @public */
export interface ArgoRollout {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Rollout';
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    replicas?: number;
    paused?: boolean;
    strategy: {
      canary?: {
        steps?: RolloutCanaryStep[];
        trafficRouting?: unknown;
      };
      blueGreen?: {
        activeService: string;
        previewService?: string;
        autoPromotionEnabled?: boolean;
      };
    };
    template?: {
      spec?: { containers?: Array<{ name: string; image: string }> };
    };
  };
  status?: {
    abort?: boolean;
    abortedAt?: string;
    pauseConditions?: Array<{
      reason:
        | 'InconclusiveAnalysisRun'
        | 'InconclusiveExperiment'
        | 'CanaryPauseStep'
        | 'BlueGreenPause';
      startTime: string;
    }>;
    controllerPause?: boolean;
    currentPodHash?: string;
    currentStepIndex?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: string;
    stableRS?: string;
    phase?: 'Healthy' | 'Degraded' | 'Progressing' | 'Paused';
    message?: string;
    canary?: {
      currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
      currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
      weights?: {
        canary: { weight: number };
        stable: { weight: number };
      };
    };
    blueGreen?: {
      previewSelector?: string;
      activeSelector?: string;
      prePromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
      postPromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
    };
    conditions?: Array<{
      type: string;
      status: 'True' | 'False' | 'Unknown';
      reason: string;
      message: string;
      lastUpdateTime?: string;
      lastTransitionTime?: string;
    }>;
  };
}
