import type { GateResult } from '@gitops-portal/plugin-gitops-common';
import { GATE } from './gateNames';

/**
 * The permission gate: whether the caller holds the change's permission. A real request
 * without it is refused with 403 before anything else; a dry run reports it here.
 */
export function permissionGate(
  allowed: boolean,
  permission: string,
  target: string,
): GateResult {
  return {
    name: GATE.permission,
    passed: allowed,
    message: allowed
      ? `You hold ${permission} on ${target}`
      : `You do not hold ${permission} on ${target}`,
  };
}
