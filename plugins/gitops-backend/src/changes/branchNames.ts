import { shortDigest } from '@gitops-portal/plugin-gitops-common';

/**
 * Deterministic branch names: the same request always names the same branch, which makes the
 * branch the key of idempotency (one open pull request per branch).
 *
 * @public
 */
export const branchNames = {
  promotion: (service: string, to: string, digest: string) =>
    `gitops/promote/${service}/${to}/${shortDigest(digest)}`,
  rollback: (service: string, environment: string, digest: string) =>
    `gitops/rollback/${service}/${environment}/${shortDigest(digest)}`,
  pin: (service: string, environment: string, digest: string) =>
    `gitops/pin/${service}/${environment}/${shortDigest(digest)}`,
  onboarding: (service: string) => `gitops/onboard/${service}`,
};
