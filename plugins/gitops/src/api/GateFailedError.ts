import type { GateResult } from '@gitops-portal/plugin-gitops-common';

/**
 * The backend refused a promotion or rollback because at least one gate failed (HTTP 409 with
 * the gates in the body).
 *
 * @public
 */
export class GateFailedError extends Error {
  /** Every gate the backend evaluated, passed or not. */
  readonly gates: GateResult[];
  readonly statusCode: number;

  constructor(message: string, gates: GateResult[], statusCode = 409) {
    super(message);
    this.name = 'GateFailedError';
    this.gates = gates;
    this.statusCode = statusCode;
  }

  /** The gates that did not pass. */
  get failedGates(): GateResult[] {
    return this.gates.filter(g => !g.passed);
  }
}
