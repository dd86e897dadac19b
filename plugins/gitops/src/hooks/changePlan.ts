import type {
  ChangePlan,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import { GateFailedError } from '../api';

/**
 * What a dry run tells the UI: whether the change may go ahead, the gates, and why not.
 *
 * @public
 */
export interface ChangeCheck {
  plan?: ChangePlan;
  gates: GateResult[];
  /** True when the plan exists and every gate passed. */
  ready: boolean;
  /** Why the change cannot go ahead (failed gates or the backend's refusal), when it cannot. */
  reason?: string;
}

/** Turns a dry run's outcome into a {@link ChangeCheck}. */
export function toChangeCheck(outcome: {
  plan?: ChangePlan;
  error?: Error;
}): ChangeCheck {
  if (outcome.plan) {
    const failed = outcome.plan.gates.filter(g => !g.passed);
    return {
      plan: outcome.plan,
      gates: outcome.plan.gates,
      ready: failed.length === 0,
      reason: failed.length
        ? failed.map(g => `${g.name}: ${g.message}`).join('\n')
        : undefined,
    };
  }
  const error = outcome.error;
  if (error instanceof GateFailedError) {
    return {
      gates: error.gates,
      ready: false,
      reason:
        error.failedGates.map(g => `${g.name}: ${g.message}`).join('\n') ||
        error.message,
    };
  }
  return {
    gates: [],
    ready: false,
    reason: error ? errorMessage(error) : undefined,
  };
}

/** The message the backend put in its error body, or the error's own. */
export function errorMessage(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (
    error.name === 'ResponseError' &&
    cause instanceof Error &&
    cause.message
  ) {
    return cause.message;
  }
  return error.message;
}
