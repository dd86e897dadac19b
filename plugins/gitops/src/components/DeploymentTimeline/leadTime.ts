import type {
  ChangeRecord,
  PinHistoryItem,
} from '@gitops-portal/plugin-gitops-common';

/** One entry of an environment's deployment timeline. */
export interface TimelineEntry {
  item: PinHistoryItem;
  /** The record of the change that made this pin, when the portal made it. */
  record?: ChangeRecord;
  deployedAt: string | null;
  /** Milliseconds from the pin's commit to its deployment. */
  leadTimeMs: number | null;
}

/**
 * Joins an environment's pin history with the change records: by pull request number, else
 * by digest. Lead time is from the commit that changed the pin to the record's deployment.
 */
export function buildTimeline(
  items: PinHistoryItem[],
  records: ChangeRecord[],
): TimelineEntry[] {
  return items.map(item => {
    const candidates = records.filter(r => r.to === item.environment);
    const record =
      (item.pullRequest &&
        candidates.find(
          r => r.pullRequest?.number === item.pullRequest?.number,
        )) ||
      candidates.find(r => r.digest === item.digest && r.deployedAt);
    const deployedAt = record?.deployedAt ?? null;
    const committed = Date.parse(item.committedAt);
    const deployed = deployedAt ? Date.parse(deployedAt) : NaN;
    const leadTimeMs =
      Number.isNaN(committed) || Number.isNaN(deployed)
        ? null
        : Math.max(0, deployed - committed);
    return { item, record, deployedAt, leadTimeMs };
  });
}
