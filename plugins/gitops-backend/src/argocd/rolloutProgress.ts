import type {
  AnalysisPhase,
  RolloutProgress,
} from '@gitops-portal/plugin-gitops-common';
import type {
  ArgoRollout,
  RolloutAnalysisRunStatus,
} from '@gitops-portal/plugin-gitops-node';
import type { ValidatedApplicationTree } from './schemas';

type Phase = RolloutProgress['phase'];
const PHASES: Phase[] = ['Healthy', 'Progressing', 'Paused', 'Degraded'];

/**
 * The progress of a Rollout as `kubectl argo rollouts get rollout` shows it (argo-rollouts'
 * `NewRolloutInfo`, `GetRolloutPhase`, `GetCurrentSetWeight`):
 *
 * - phase and message: Progressing while the spec change is not observed or the rollout is
 *   unpausing, else the controller's `status.phase` (older controllers: computed from
 *   conditions, pause state, replicas and stable/current hashes);
 * - step: `status.currentStepIndex` of the canary steps;
 * - setWeight: 0 when aborted, 100 when past the last step (or without steps), else the last
 *   `setWeight` at or before the current step (0 when none);
 * - actualWeight: 100 past the last step; with traffic routing the weight the controller
 *   reports (else setWeight); without it, the share of available pods in the canary
 *   ReplicaSet, read from the application's resource tree when given (else setWeight).
 *
 * Blue-green rollouts have no steps; their weights are 100 once the active service points at
 * the current pods and 0 before.
 *
 * @public
 */
export function rolloutProgress(
  rollout: ArgoRollout,
  tree?: ValidatedApplicationTree | null,
): RolloutProgress {
  const status = rollout.status ?? {};
  const canary = rollout.spec.strategy.canary;
  const blueGreen = rollout.spec.strategy.blueGreen;
  const strategy = blueGreen && !canary ? 'blueGreen' : 'canary';
  const steps = canary?.steps ?? [];
  const aborted = status.abort === true;
  const { phase, message } = rolloutPhase(rollout);

  let step: number | null = null;
  let setWeight: number;
  let actualWeight: number;
  if (strategy === 'canary') {
    const index = status.currentStepIndex ?? 0;
    const current = index < steps.length ? steps[index] : undefined;
    if (status.currentStepIndex !== undefined && steps.length > 0) {
      step = status.currentStepIndex;
    }
    if (aborted) {
      setWeight = 0;
    } else if (!current) {
      setWeight = 100;
    } else {
      setWeight = 0;
      for (let i = index; i >= 0; i--) {
        const weight = steps[i].setWeight;
        if (weight !== undefined && weight !== null) {
          setWeight = weight;
          break;
        }
      }
    }
    if (!current) {
      actualWeight = 100;
    } else if (!status.availableReplicas) {
      actualWeight = 0;
    } else if (canary?.trafficRouting) {
      actualWeight = status.canary?.weights?.canary.weight ?? setWeight;
    } else {
      const available = canaryPodsAvailable(rollout, tree);
      actualWeight =
        available === null
          ? setWeight
          : Math.floor((available * 100) / status.availableReplicas);
    }
  } else {
    const promoted =
      !!status.currentPodHash &&
      status.blueGreen?.activeSelector === status.currentPodHash;
    setWeight = aborted || !promoted ? 0 : 100;
    actualWeight = setWeight;
  }

  const paused =
    phase === 'Paused' ||
    (status.pauseConditions?.length ?? 0) > 0 ||
    rollout.spec.paused === true;

  return {
    name: rollout.metadata.name,
    strategy,
    phase,
    step,
    steps: steps.length,
    setWeight,
    actualWeight,
    paused,
    aborted,
    message: message || null,
    analysis: currentAnalysis(rollout),
  };
}

/** `GetRolloutPhase` of argo-rollouts. */
function rolloutPhase(rollout: ArgoRollout): {
  phase: Phase;
  message: string;
} {
  const status = rollout.status ?? {};
  if (!isGenerationObserved(rollout)) {
    return {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    };
  }
  if (status.controllerPause && !(status.pauseConditions?.length ?? 0)) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (status.phase) {
    return {
      phase: PHASES.includes(status.phase) ? status.phase : 'Progressing',
      message: status.message ?? '',
    };
  }
  return calculatePhase(rollout);
}

function isGenerationObserved(rollout: ArgoRollout): boolean {
  const observed = Number(rollout.status?.observedGeneration);
  const generation = rollout.metadata.generation;
  if (!Number.isInteger(observed) || generation === undefined) return true;
  // an all-numeric hash of a v0.9 rollout can be larger than the generation
  return observed > generation || observed === generation;
}

/** `CalculateRolloutPhase` of argo-rollouts, for controllers older than 1.0. */
function calculatePhase(rollout: ArgoRollout): {
  phase: Phase;
  message: string;
} {
  const status = rollout.status ?? {};
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'InvalidSpec') {
      return {
        phase: 'Degraded',
        message: `InvalidSpec: ${condition.message}`,
      };
    }
    if (
      condition.reason === 'RolloutAborted' ||
      condition.reason === 'ProgressDeadlineExceeded'
    ) {
      return {
        phase: 'Degraded',
        message: `${condition.reason}: ${condition.message}`,
      };
    }
  }
  if (rollout.spec.paused)
    return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  const desired = rollout.spec.replicas ?? 1;
  if ((status.updatedReplicas ?? 0) < desired) {
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  }
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) {
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  }
  const promoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  if (rollout.spec.strategy.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash) {
      return {
        phase: 'Progressing',
        message: 'active service cutover pending',
      };
    }
    if (!promoted) {
      return {
        phase: 'Progressing',
        message: 'waiting for post-promotion verification to complete',
      };
    }
  } else if (rollout.spec.strategy.canary) {
    if (
      !rollout.spec.strategy.canary.trafficRouting &&
      (status.replicas ?? 0) > (status.updatedReplicas ?? 0)
    ) {
      return {
        phase: 'Progressing',
        message: 'old replicas are pending termination',
      };
    }
    if (!promoted) {
      return {
        phase: 'Progressing',
        message: 'waiting for all steps to complete',
      };
    }
  }
  return { phase: 'Healthy', message: '' };
}

/** The analysis run that explains the rollout's state: a failing one first. */
function currentAnalysis(rollout: ArgoRollout): RolloutProgress['analysis'] {
  const status = rollout.status ?? {};
  const runs = [
    status.canary?.currentStepAnalysisRunStatus,
    status.canary?.currentBackgroundAnalysisRunStatus,
    status.blueGreen?.prePromotionAnalysisRunStatus,
    status.blueGreen?.postPromotionAnalysisRunStatus,
  ].filter((run): run is RolloutAnalysisRunStatus => !!run?.name);
  const failing = runs.find(run =>
    ['Failed', 'Error', 'Inconclusive'].includes(run.status),
  );
  const run = failing ?? runs[0];
  if (!run) return null;
  return {
    name: run.name,
    phase: run.status as AnalysisPhase,
    message: run.message || null,
  };
}

/**
 * Available pods of the canary ReplicaSet (`<rollout>-<currentPodHash>`), counted in the
 * resource tree: Argo CD reports a running, ready pod as Healthy. Null without a tree.
 */
function canaryPodsAvailable(
  rollout: ArgoRollout,
  tree?: ValidatedApplicationTree | null,
): number | null {
  const hash = rollout.status?.currentPodHash;
  if (!tree?.nodes || !hash) return null;
  const replicaSet = `${rollout.metadata.name}-${hash}`;
  const namespace = rollout.metadata.namespace;
  return tree.nodes.filter(
    node =>
      node.kind === 'Pod' &&
      (!namespace || node.namespace === namespace) &&
      node.health?.status === 'Healthy' &&
      (node.parentRefs ?? []).some(
        parent => parent.kind === 'ReplicaSet' && parent.name === replicaSet,
      ),
  ).length;
}
