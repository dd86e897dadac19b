import { GitRepository, RefConflictError } from './GitRepository';
import { gitText, runGit } from './runGit';
import { tempDir } from '../testing/helpers';

const alice = {
  name: 'Alice',
  email: 'alice@acme.example',
  date: '2026-09-01T10:00:00Z',
};

describe('GitRepository', () => {
  let dir: { path: string; remove(): Promise<void> };
  let repo: GitRepository;
  let root: string;

  beforeEach(async () => {
    dir = await tempDir();
    await runGit(dir.path, ['init', '--quiet', '--initial-branch', 'main']);
    repo = new GitRepository(dir.path);
    const blob = await repo.writeBlob(Buffer.from('replicas: 1\n'));
    const tree = await repo.writeTree(null, [
      { path: 'envs/dev/app/values.yaml', mode: '100644', sha: blob },
      {
        path: 'README.md',
        mode: '100644',
        sha: await repo.writeBlob(Buffer.from('# r\n')),
      },
    ]);
    root = await repo.commitTree({
      tree,
      parents: [],
      message: 'root',
      author: alice,
    });
    await runGit(dir.path, ['reset', '--hard', '--quiet', root]);
  });

  afterEach(() => dir.remove());

  it('writes real blobs, trees and commits with explicit authors and dates', async () => {
    expect(await repo.objectType(root)).toBe('commit');
    const commit = (await repo.getCommit(root))!;
    expect(commit.author).toEqual(alice);
    expect(commit.parents).toEqual([]);
    expect(
      await gitText(dir.path, [
        'cat-file',
        '-p',
        `${root}:envs/dev/app/values.yaml`,
      ]),
    ).toBe('replicas: 1');
    const file = await repo.readFile('main', 'envs/dev/app/values.yaml');
    expect(file?.content.toString()).toBe('replicas: 1\n');
    // Deleting through a tree change
    const tree = await repo.writeTree(commit.tree, [
      { path: 'README.md', mode: '100644', sha: null },
    ]);
    expect((await repo.listTree(tree)).map(e => e.path)).toEqual(['envs']);
  });

  it('merges a branch with a real --no-ff merge commit in the working directory', async () => {
    const blob = await repo.writeBlob(Buffer.from('replicas: 2\n'));
    const tree = await repo.writeTree(root, [
      { path: 'envs/dev/app/values.yaml', mode: '100644', sha: blob },
    ]);
    const change = await repo.commitTree({
      tree,
      parents: [root],
      message: 'two',
      author: alice,
    });
    await repo.createBranch('feature/x', change);
    const refs: string[] = [];
    repo.onRefChange(ref => refs.push(ref));
    const merge = await repo.merge({
      base: 'main',
      headSha: change,
      message: 'Merge pull request #1 from acme/feature/x\n\ntwo',
      author: alice,
    });
    const commit = (await repo.getCommit(merge))!;
    expect(commit.parents).toEqual([root, change]);
    expect(commit.message).toBe(
      'Merge pull request #1 from acme/feature/x\n\ntwo',
    );
    expect(await repo.branchHead('main')).toBe(merge);
    // the working directory followed
    expect(await gitText(dir.path, ['status', '--porcelain'])).toBe('');
    expect(refs).toEqual(['refs/heads/main']);
  });

  it('merges into a branch that is not checked out through a temporary worktree', async () => {
    await repo.createBranch('release', root);
    const tree = await repo.writeTree(root, [
      {
        path: 'x.txt',
        mode: '100644',
        sha: await repo.writeBlob(Buffer.from('x\n')),
      },
    ]);
    const change = await repo.commitTree({
      tree,
      parents: [root],
      message: 'x',
      author: alice,
    });
    const merge = await repo.merge({
      base: 'release',
      headSha: change,
      message: 'merge',
      author: alice,
    });
    expect((await repo.getCommit(merge))!.parents).toEqual([root, change]);
    expect(await repo.branchHead('release')).toBe(merge);
    expect(await repo.branchHead('main')).toBe(root);
  });

  it('refuses conflicting merges, non-fast-forward moves, existing and missing refs', async () => {
    const edit = async (content: string, parent: string) => {
      const tree = await repo.writeTree(parent, [
        {
          path: 'README.md',
          mode: '100644',
          sha: await repo.writeBlob(Buffer.from(content)),
        },
      ]);
      return repo.commitTree({
        tree,
        parents: [parent],
        message: content,
        author: alice,
      });
    };
    const a = await edit('a\n', root);
    const b = await edit('b\n', root);
    await repo.updateBranch('main', a, false);
    expect(await repo.mergesCleanly(a, b)).toBe(false);
    await expect(
      repo.merge({ base: 'main', headSha: b, message: 'm', author: alice }),
    ).rejects.toThrow(RefConflictError);
    expect(await repo.branchHead('main')).toBe(a);
    await expect(repo.updateBranch('main', b, false)).rejects.toThrow(
      'Update is not a fast forward',
    );
    await repo.updateBranch('main', b, true);
    expect(await repo.branchHead('main')).toBe(b);
    expect((await repo.readFile('main', 'README.md'))?.content.toString()).toBe(
      'b\n',
    );
    await repo.createBranch('topic', a);
    await expect(repo.createBranch('topic', a)).rejects.toThrow(
      'Reference already exists',
    );
    await expect(repo.createBranch('bad..name', a)).rejects.toThrow(
      'Invalid reference name',
    );
    await expect(repo.createBranch('other', 'f'.repeat(40))).rejects.toThrow(
      'Object does not exist',
    );
    await repo.deleteBranch('topic');
    await expect(repo.deleteBranch('topic')).rejects.toThrow(
      'Reference does not exist',
    );
    await expect(repo.deleteBranch('main')).rejects.toThrow('default branch');
  });

  it('lists commits by path, newest first, with paging', async () => {
    let parent = root;
    for (const n of [1, 2, 3]) {
      const tree = await repo.writeTree(parent, [
        {
          path: n === 2 ? 'other.txt' : 'envs/dev/app/values.yaml',
          mode: '100644',
          sha: await repo.writeBlob(Buffer.from(`replicas: ${n + 1}\n`)),
        },
      ]);
      parent = await repo.commitTree({
        tree,
        parents: [parent],
        message: `c${n}`,
        author: { ...alice, date: `2026-09-0${n + 1}T10:00:00Z` },
      });
    }
    const commits = await repo.log({ ref: parent, path: 'envs/dev/app' });
    expect(commits.map(c => c.message)).toEqual(['c3', 'c1', 'root']);
    expect(commits[0].author.date).toBe('2026-09-04T10:00:00Z');
    const page2 = await repo.log({ ref: parent, skip: 1, maxCount: 2 });
    expect(page2.map(c => c.message)).toEqual(['c2', 'c1']);
  });
});
