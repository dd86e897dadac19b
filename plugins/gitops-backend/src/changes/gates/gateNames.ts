/**
 * Names of the gates, as reported in `gates[].name`.
 *
 * @public
 */
export const GATE = {
  /** The source environment's pinned digest runs on every source target. */
  sourceDigest: 'source-digest',
  /** Every source target is Synced, Healthy, trusted, idle and fully rolled out. */
  sourceHealth: 'source-health',
  /** The target environment's sync windows allow a sync now. */
  syncWindow: 'sync-window',
  /** The target environment does not pin that digest already. */
  notAtDigest: 'not-at-digest',
  /** The caller holds the permission for this change. */
  permission: 'permission',
  /** Onboarding: the service has no folder yet in the environments. */
  notOnboarded: 'not-onboarded',
} as const;
