import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';

/**
 * The pull request contract both Git providers keep, against a host mocked so that: opening
 * one for branch `dup` is refused as existing, branch `b` has no open pull request but a
 * merged one (`merged`, merge commit `d…d`), `mergeable` merges into `d…d` and
 * `unmergeable` is refused.
 */
export async function expectPullRequestLifecycle(
  provider: GitOpsRepositoryProvider,
  numbers: { merged: number; mergeable: number; unmergeable: number },
): Promise<void> {
  await expect(
    provider.createPullRequest({
      headBranch: 'dup',
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: [],
    }),
  ).rejects.toMatchObject({ name: 'ConflictError' });
  expect(await provider.findPullRequest('b', 'open')).toBeNull();
  expect(await provider.findPullRequest('b', 'all')).toMatchObject({
    number: numbers.merged,
    state: 'merged',
    mergeCommitSha: 'd'.repeat(40),
  });
  expect((await provider.getPullRequest(numbers.merged)).state).toBe('merged');
  expect(await provider.mergePullRequest(numbers.mergeable)).toEqual({
    sha: 'd'.repeat(40),
  });
  await expect(
    provider.mergePullRequest(numbers.unmergeable),
  ).rejects.toMatchObject({
    name: 'ConflictError',
  });
}
