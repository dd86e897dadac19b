import type {
  EnvironmentStatus,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import { GATE } from './gateNames';

/**
 * Passes when Argo CD's sync windows allow a sync of every target of the environment now.
 * With `blocking: false` (rollbacks) it always passes and only says when a window is active.
 */
export function syncWindowGate(
  environment: string,
  target: EnvironmentStatus | undefined,
  options: { blocking: boolean },
): GateResult {
  const targets = target?.targets ?? [];
  const blocked = targets.filter(t => t.syncWindows && !t.syncWindows.canSync);
  // A target that cannot be read now may show windows cached before it failed: a blocking
  // gate does not trust them (it fails closed, as the source-health gate does).
  const unknown = targets.filter(
    t => t.error && (!t.syncWindows || options.blocking),
  );
  if (blocked.length > 0) {
    const names = blocked.map(t => t.application.name).join(', ');
    return {
      name: GATE.syncWindow,
      passed: !options.blocking,
      message: options.blocking
        ? `A sync window blocks syncing ${names} now`
        : `A sync window blocks syncing ${names} now: the change syncs once it ends (or by a manual sync where allowed)`,
    };
  }
  if (unknown.length > 0 && options.blocking) {
    return {
      name: GATE.syncWindow,
      passed: false,
      message: `The sync windows of ${unknown
        .map(t => `${t.application.name} (${t.error?.message})`)
        .join(', ')} cannot be read`,
    };
  }
  return {
    name: GATE.syncWindow,
    passed: true,
    message:
      targets.length === 0
        ? `No Argo CD application deploys ${environment} yet`
        : `No sync window blocks ${environment} now`,
  };
}
