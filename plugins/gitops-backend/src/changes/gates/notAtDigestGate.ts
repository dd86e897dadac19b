import type { GateResult } from '@gitops-portal/plugin-gitops-common';
import { shortDigest } from '@gitops-portal/plugin-gitops-common';
import { GATE } from './gateNames';

/** Passes when the environment does not pin that digest already. */
export function notAtDigestGate(
  environment: string,
  pinned: string | null,
  digest: string,
): GateResult {
  const passed = pinned !== digest;
  return {
    name: GATE.notAtDigest,
    passed,
    message: passed
      ? `${environment} pins ${
          pinned ? shortDigest(pinned) : 'nothing'
        }, not ${shortDigest(digest)}`
      : `${environment} already pins ${shortDigest(digest)}`,
  };
}
