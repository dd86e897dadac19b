import {
  type PinHistoryItem,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';

/** One digest the picker offers. */
export interface DigestChoice {
  digest: string;
  /** Short digest, e.g. `3f2a9c1e8b7d`, with "(current)" for the pinned one. */
  label: string;
  /** When and by whom it was last pinned, and the pull request. */
  detail: string;
  current: boolean;
}

/**
 * The distinct digests of an environment's pin history, newest first. The first item of the
 * history is what the environment pins now; `excludeCurrent` leaves it out (a rollback target
 * must differ from it).
 */
export function digestChoices(
  items: PinHistoryItem[],
  options: { excludeCurrent?: boolean } = {},
): DigestChoice[] {
  const current = items[0]?.digest;
  const seen = new Set<string>();
  const choices: DigestChoice[] = [];
  for (const item of items) {
    if (seen.has(item.digest)) continue;
    seen.add(item.digest);
    const isCurrent = item.digest === current;
    if (isCurrent && options.excludeCurrent) continue;
    const date = item.committedAt.slice(0, 16).replace('T', ' ');
    const pr = item.pullRequest ? ` in #${item.pullRequest.number}` : '';
    choices.push({
      digest: item.digest,
      label: `${shortDigest(item.digest)}${isCurrent ? ' (current)' : ''}`,
      detail: `pinned ${date} by ${item.author}${pr}`,
      current: isCurrent,
    });
  }
  return choices;
}
