import type {
  EnvironmentStatus,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import { shortDigest } from '@gitops-portal/plugin-gitops-common';
import { GATE } from './gateNames';

function targetName(t: EnvironmentStatus['targets'][number]): string {
  return `${t.application.name} (${t.instance}/${t.cluster})`;
}

/**
 * Passes when the source environment pins a digest and every target of the source
 * environment runs exactly that digest.
 */
export function sourceDigestGate(
  from: string,
  pinnedDigest: string | null,
  source: EnvironmentStatus | undefined,
): GateResult {
  const fail = (message: string) => ({
    name: GATE.sourceDigest,
    passed: false,
    message,
  });
  if (!pinnedDigest) return fail(`${from} pins no digest`);
  const targets = source?.targets ?? [];
  if (targets.length === 0) {
    return fail(`No Argo CD application deploys ${from}`);
  }
  const unknown = targets.filter(t => t.error || !t.digest);
  if (unknown.length > 0) {
    return fail(
      `The running digest of ${unknown.map(targetName).join(', ')} is unknown`,
    );
  }
  const different = targets.filter(t => t.digest !== pinnedDigest);
  if (different.length > 0) {
    return fail(
      `${different
        .map(t => `${targetName(t)} runs ${shortDigest(t.digest!)}`)
        .join(', ')}, not the pinned ${shortDigest(pinnedDigest)}`,
    );
  }
  return {
    name: GATE.sourceDigest,
    passed: true,
    message: `${shortDigest(pinnedDigest)} runs on every ${from} target (${
      targets.length
    })`,
  };
}
