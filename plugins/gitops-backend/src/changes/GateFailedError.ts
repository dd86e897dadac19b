import { ConflictError } from '@backstage/errors';
import type { GateResult } from '@gitops-portal/plugin-gitops-common';

/**
 * A change refused by its gates: answered 409 with every gate result.
 *
 * @public
 */
export class GateFailedError extends ConflictError {
  readonly gates: GateResult[];

  constructor(gates: GateResult[]) {
    const failed = gates.filter(g => !g.passed);
    super(
      `Refused by ${failed.length === 1 ? 'gate' : 'gates'} ${failed
        .map(g => `${g.name} (${g.message})`)
        .join('; ')}`,
    );
    this.gates = gates;
  }
}
