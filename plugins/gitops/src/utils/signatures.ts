import type { EnvironmentStatus } from '@gitops-portal/plugin-gitops-common';

/**
 * What of an environment decides its gates and records: the pin and, per target, the live
 * digest, sync, health and whether Argo CD may sync. Rollout steps and timestamps are left
 * out so that a canary moving along does not re-run dry runs at every step.
 */
export function environmentSignature(
  env: EnvironmentStatus | undefined,
): string {
  if (!env) return '';
  return [
    env.name ?? '',
    env.desired?.digest ?? '',
    ...env.targets.map(t =>
      [
        t.instance,
        t.cluster,
        t.digest ?? '',
        t.sync.status,
        t.health.status,
        t.trusted ? 't' : 'u',
        t.syncWindows?.canSync === false ? 'frozen' : '',
        t.error?.code ?? '',
      ].join(':'),
    ),
  ].join('|');
}
