import type {
  EnvironmentStatus,
  GateResult,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import { GATE } from './gateNames';

/** Why a target cannot be promoted from, or null when it can. */
export function targetProblem(t: TargetStatus): string | null {
  if (t.error) return `cannot be read (${t.error.message})`;
  if (t.sync.status !== 'Synced') return `is ${t.sync.status}`;
  if (t.health.status !== 'Healthy') return `is ${t.health.status}`;
  if (!t.trusted) return 'has health older than its last operation';
  if (
    t.operation &&
    (t.operation.phase === 'Running' || t.operation.phase === 'Terminating')
  ) {
    return `has an operation ${t.operation.phase.toLowerCase()}`;
  }
  const r = t.rollout;
  if (r) {
    if (r.aborted) return `has rollout ${r.name} aborted`;
    if (r.paused || r.phase !== 'Healthy') {
      return `has rollout ${r.name} ${r.phase}${
        r.step !== null ? ` at step ${r.step}/${r.steps}` : ''
      }`;
    }
    if (r.strategy === 'canary' && r.step !== null && r.step < r.steps) {
      return `has rollout ${r.name} at step ${r.step}/${r.steps}`;
    }
  }
  return null;
}

/**
 * Passes when every source target is Synced, Healthy and trusted (health not older than the
 * last operation), with no operation running and any Rollout fully promoted.
 */
export function sourceHealthGate(
  from: string,
  source: EnvironmentStatus | undefined,
): GateResult {
  const targets = source?.targets ?? [];
  if (targets.length === 0) {
    return {
      name: GATE.sourceHealth,
      passed: false,
      message: `No Argo CD application deploys ${from}`,
    };
  }
  const problems = targets
    .map(t => ({ t, problem: targetProblem(t) }))
    .filter(p => p.problem !== null)
    .map(
      p =>
        `${p.t.application.name} (${p.t.instance}/${p.t.cluster}) ${p.problem}`,
    );
  if (problems.length > 0) {
    return {
      name: GATE.sourceHealth,
      passed: false,
      message: problems.join('; '),
    };
  }
  return {
    name: GATE.sourceHealth,
    passed: true,
    message: `Every ${from} target is Synced, Healthy and fully rolled out`,
  };
}
