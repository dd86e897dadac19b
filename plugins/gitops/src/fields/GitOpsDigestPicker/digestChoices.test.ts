import type { PinHistoryItem } from '@gitops-portal/plugin-gitops-common';
import { digestChoices } from './digestChoices';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;

function item(
  digest: string,
  committedAt: string,
  pr: number | null,
): PinHistoryItem {
  return {
    environment: 'prod',
    digest,
    commit: committedAt,
    author: 'rita',
    committedAt,
    message: 'pin',
    pullRequest: pr
      ? { number: pr, url: `http://localhost:7010/acme/gitops/pull/${pr}` }
      : null,
  };
}

const history = [
  item(A, '2026-11-21T10:00:00Z', 7),
  item(B, '2026-11-20T09:30:00Z', 5),
  item(A, '2026-11-19T08:00:00Z', 3),
  item(C, '2026-11-18T08:00:00Z', null),
];

describe('digestChoices', () => {
  it('lists each digest once, newest first, marking the current pin', () => {
    expect(digestChoices(history)).toEqual([
      {
        digest: A,
        label: `${'a'.repeat(12)} (current)`,
        detail: 'pinned 2026-11-21 10:00 by rita in #7',
        current: true,
      },
      {
        digest: B,
        label: 'b'.repeat(12),
        detail: 'pinned 2026-11-20 09:30 by rita in #5',
        current: false,
      },
      {
        digest: C,
        label: 'c'.repeat(12),
        detail: 'pinned 2026-11-18 08:00 by rita',
        current: false,
      },
    ]);
  });

  it('leaves the current pin out for rollbacks', () => {
    expect(
      digestChoices(history, { excludeCurrent: true }).map(c => c.digest),
    ).toEqual([B, C]);
  });

  it('offers nothing for an empty history', () => {
    expect(digestChoices([])).toEqual([]);
  });
});
