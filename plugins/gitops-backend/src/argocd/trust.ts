/**
 * The parts of an Application's state that decide whether its health can be trusted.
 *
 * @public
 */
export interface TrustInput {
  /** Last comparison of the Application against git. */
  reconciledAt: string | null;
  /** The last (or current) operation. */
  operation: { phase: string; finishedAt: string | null } | null;
  /** True while a requested operation has not been picked up (`operation` is set). */
  operationPending: boolean;
}

/**
 * Kargo's rule for Argo CD health: a health reported before the last operation finished is not
 * yet trusted. That is the case while an operation is requested or running, and when the last
 * comparison (`reconciledAt`) is missing or older than the end of the last operation
 * (`operationState.finishedAt`); the controller then still has to reassess the new state.
 *
 * @public
 */
export function isHealthTrusted(input: TrustInput): boolean {
  if (input.operationPending) return false;
  const operation = input.operation;
  if (!operation) return true;
  if (operation.phase === 'Running' || operation.phase === 'Terminating') {
    return false;
  }
  if (!operation.finishedAt) return true;
  const finishedAt = Date.parse(operation.finishedAt);
  if (Number.isNaN(finishedAt)) return true;
  if (!input.reconciledAt) return false;
  const reconciledAt = Date.parse(input.reconciledAt);
  return !Number.isNaN(reconciledAt) && reconciledAt >= finishedAt;
}
