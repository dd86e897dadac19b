import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PullRequestStore, type StoredPullRequest } from './PullRequestStore';

function pull(number: number, state: 'open' | 'closed'): StoredPullRequest {
  return {
    number,
    title: `#${number}`,
    body: '',
    user: 'rita',
    labels: [],
    headRef: `branch-${number}`,
    headSha: 'a'.repeat(40),
    baseRef: 'main',
    baseSha: 'b'.repeat(40),
    state,
    merged: state === 'closed',
    mergeCommitSha: null,
    mergedBy: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    closedAt: null,
    mergedAt: null,
    requestedReviewers: [],
    comments: [],
  };
}

describe('PullRequestStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pulls-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('never reuses a number across a reset, and closes what was open', async () => {
    const store = await PullRequestStore.load(join(dir, 'pulls.json'));
    await store.replaceAll([pull(1, 'closed')]);
    const { number, ...fields } = pull(0, 'open');
    const opened = await store.create(fields);
    expect(opened.number).toBe(2);

    await store.replaceAll([pull(1, 'closed')]);
    expect(store.get(2)).toMatchObject({ state: 'closed' });
    expect(store.get(2)?.closedAt).not.toBeNull();
    expect((await store.create(fields)).number).toBe(3);

    const reloaded = await PullRequestStore.load(join(dir, 'pulls.json'));
    expect(reloaded.list().map(p => p.number)).toEqual([3, 2, 1]);
  });
});
