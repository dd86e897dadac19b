import { GitRepository } from '../git/GitRepository';
import { Sandbox, startSandbox } from '../startSandbox';
import { http } from '../testing/helpers';

jest.setTimeout(30000);

describe('GitHub-compatible API', () => {
  let sandbox: Sandbox;
  let api: string;
  const auth = { Authorization: 'token sandbox-github-token' };
  const gh = (
    path: string,
    init: {
      method?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) =>
    http(`${api}${path}`, { ...init, headers: { ...auth, ...init.headers } });

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 50, demoState: false });
    api = `${sandbox.githubApiUrl}/repos/acme/gitops`;
  });
  afterAll(() => sandbox.stop());

  /** Commits one file change on top of `main` through blobs, trees and commits. */
  async function commitOnNewBranch(
    branch: string,
    path: string,
    content: string,
  ) {
    const main = await gh('/git/ref/heads/main');
    const base = await gh(`/git/commits/${main.body.object.sha}`);
    const blob = await gh('/git/blobs', {
      method: 'POST',
      body: {
        content: Buffer.from(content).toString('base64'),
        encoding: 'base64',
      },
    });
    expect(blob.status).toBe(201);
    const tree = await gh('/git/trees', {
      method: 'POST',
      body: {
        base_tree: base.body.tree.sha,
        tree: [{ path, mode: '100644', type: 'blob', sha: blob.body.sha }],
      },
    });
    expect(tree.status).toBe(201);
    const commit = await gh('/git/commits', {
      method: 'POST',
      body: {
        message: `Change ${path}`,
        tree: tree.body.sha,
        parents: [main.body.object.sha],
        author: {
          name: 'Priya Raman',
          email: 'priya@acme.example',
          date: '2026-11-01T10:00:00Z',
        },
      },
    });
    expect(commit.status).toBe(201);
    const ref = await gh('/git/refs', {
      method: 'POST',
      body: { ref: `refs/heads/${branch}`, sha: commit.body.sha },
    });
    expect(ref.status).toBe(201);
    return { base: main.body.object.sha as string, commit: commit.body };
  }

  it('answers 401 Bad credentials without the token, with rate-limit headers', async () => {
    for (const headers of [{}, { Authorization: 'token wrong' }] as Array<
      Record<string, string>
    >) {
      const res = await http(`${api}`, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(
        expect.objectContaining({ message: 'Bad credentials' }),
      );
      expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
    }
    const ok = await http(api, {
      headers: { Authorization: 'Bearer sandbox-github-token' },
    });
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('x-ratelimit-remaining'))).toBeLessThan(5000);
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
      Date.now() / 1000,
    );
    expect(ok.body).toEqual(
      expect.objectContaining({
        name: 'gitops',
        full_name: 'acme/gitops',
        default_branch: 'main',
        private: false,
        html_url: sandbox.repositoryUrl,
        owner: expect.objectContaining({ login: 'acme' }),
      }),
    );
    expect(
      (
        await http(`${sandbox.githubApiUrl}/repos/acme/other`, {
          headers: auth,
        })
      ).status,
    ).toBe(404);
  });

  it('serves refs, contents and commits by path', async () => {
    const main = await gh('/git/ref/heads/main');
    expect(main.status).toBe(200);
    expect(main.body).toEqual(
      expect.objectContaining({
        ref: 'refs/heads/main',
        object: expect.objectContaining({
          sha: expect.stringMatching(/^[0-9a-f]{40}$/),
          type: 'commit',
        }),
      }),
    );
    expect((await gh('/git/ref/heads/nope')).status).toBe(404);
    // percent-encoded refs, as octokit sends them
    expect((await gh('/git/ref/heads%2Fmain')).body.object.sha).toBe(
      main.body.object.sha,
    );

    const file = await gh(
      '/contents/envs/staging/gateway/values.yaml?ref=main',
    );
    expect(file.body).toEqual(
      expect.objectContaining({
        type: 'file',
        encoding: 'base64',
        path: 'envs/staging/gateway/values.yaml',
        name: 'values.yaml',
        sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      }),
    );
    const text = Buffer.from(file.body.content, 'base64').toString('utf8');
    expect(text).toContain('image:');
    expect(file.body.size).toBe(Buffer.byteLength(text));
    const raw = await gh('/contents/envs/staging/gateway/values.yaml', {
      headers: { Accept: 'application/vnd.github.raw' },
    });
    expect(raw.text).toBe(text);
    const folder = await gh('/contents/envs/staging');
    expect(folder.body.map((e: any) => [e.type, e.name])).toEqual([
      ['dir', 'gateway'],
      ['dir', 'ledger'],
      ['dir', 'web'],
    ]);
    expect((await gh('/contents/envs/nowhere.yaml')).status).toBe(404);
    const byCommit = await gh(
      `/contents/envs/staging/gateway/values.yaml?ref=${main.body.object.sha}`,
    );
    expect(byCommit.body.sha).toBe(file.body.sha);

    const commits = await gh(
      '/commits?sha=main&path=envs/prod/gateway&per_page=1',
    );
    expect(commits.status).toBe(200);
    expect(commits.body).toHaveLength(1);
    expect(commits.body[0]).toEqual(
      expect.objectContaining({
        sha: expect.any(String),
        html_url: `${sandbox.repositoryUrl}/commit/${commits.body[0].sha}`,
        // git log order with history simplification, as GitHub: the pull request's own commit
        commit: expect.objectContaining({
          message: expect.stringMatching(/^Promote gateway 1\.5\.0 to prod/),
          author: expect.objectContaining({
            name: 'Priya Raman',
            date: expect.stringMatching(/Z$/),
          }),
          tree: { sha: expect.any(String), url: expect.any(String) },
        }),
        author: expect.objectContaining({ login: 'priya' }),
        parents: [expect.objectContaining({ sha: expect.any(String) })],
      }),
    );
    expect(commits.headers.get('link')).toContain('rel="next"');
    const page2 = await gh(
      '/commits?sha=main&path=envs/prod/gateway&per_page=1&page=2',
    );
    expect(page2.body[0].sha).not.toBe(commits.body[0].sha);
    const single = await gh(`/git/commits/${commits.body[0].sha}`);
    expect(single.body).toEqual(
      expect.objectContaining({
        sha: commits.body[0].sha,
        message: commits.body[0].commit.message,
        tree: expect.objectContaining({ sha: commits.body[0].commit.tree.sha }),
        parents: commits.body[0].parents.map((p: any) =>
          expect.objectContaining({ sha: p.sha }),
        ),
        author: commits.body[0].commit.author,
      }),
    );
  });

  it('creates a branch, a commit and a pull request, then merges it with a real merge commit', async () => {
    const { base, commit } = await commitOnNewBranch(
      'promote/staging/gateway/abc',
      'envs/staging/gateway/NOTES.md',
      'promoted\n',
    );
    expect(commit.author).toEqual({
      name: 'Priya Raman',
      email: 'priya@acme.example',
      date: '2026-11-01T10:00:00Z',
    });
    expect(commit.parents).toEqual([expect.objectContaining({ sha: base })]);

    const again = await gh('/git/refs', {
      method: 'POST',
      body: { ref: 'refs/heads/promote/staging/gateway/abc', sha: base },
    });
    expect(again.status).toBe(422);
    expect(again.body.message).toBe('Reference already exists');

    const created = await gh('/pulls', {
      method: 'POST',
      body: {
        title: 'Promote gateway to staging',
        head: 'acme:promote/staging/gateway/abc',
        base: 'main',
        body: 'Digest: sha256:…',
      },
    });
    expect(created.status).toBe(201);
    const pr = created.body;
    expect(pr).toEqual(
      expect.objectContaining({
        number: 11,
        state: 'open',
        title: 'Promote gateway to staging',
        html_url: `${sandbox.repositoryUrl}/pull/11`,
        head: expect.objectContaining({
          ref: 'promote/staging/gateway/abc',
          sha: commit.sha,
          label: 'acme:promote/staging/gateway/abc',
        }),
        base: expect.objectContaining({ ref: 'main', sha: base }),
        merged: false,
        merged_at: null,
        merge_commit_sha: null,
        mergeable: true,
        closed_at: null,
        user: expect.objectContaining({ login: 'gitops-portal-bot' }),
        labels: [],
      }),
    );
    const duplicate = await gh('/pulls', {
      method: 'POST',
      body: {
        title: 'again',
        head: 'acme:promote/staging/gateway/abc',
        base: 'main',
      },
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toEqual({
      message: 'Validation Failed',
      errors: [
        expect.objectContaining({
          message:
            'A pull request already exists for acme:promote/staging/gateway/abc.',
        }),
      ],
      documentation_url: expect.any(String),
    });
    const missingTitle = await gh('/pulls', {
      method: 'POST',
      body: { head: 'acme:promote/staging/gateway/abc', base: 'main' },
    });
    expect(missingTitle.status).toBe(422);
    expect(missingTitle.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'title', code: 'missing_field' }),
    );

    const labels = await gh(`/issues/${pr.number}/labels`, {
      method: 'POST',
      body: { labels: ['gitops:promotion', 'env:staging'] },
    });
    expect(labels.status).toBe(200);
    expect(labels.body.map((l: any) => l.name)).toEqual([
      'gitops:promotion',
      'env:staging',
    ]);

    const listed = await gh(
      '/pulls?state=open&head=acme:promote/staging/gateway/abc',
    );
    expect(listed.body.map((p: any) => p.number)).toEqual([pr.number]);
    expect((await gh('/pulls?state=open&head=acme:nothing')).body).toEqual([]);
    const all = await gh('/pulls?state=all&per_page=100');
    expect(all.body[0].number).toBe(pr.number); // newest first
    expect(all.body.length).toBe(11);

    const stale = await gh(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: { sha: base },
    });
    expect(stale.status).toBe(409);

    const merged = await gh(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: { sha: commit.sha },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      merged: true,
      message: 'Pull Request successfully merged',
    });

    // the merge is a real git merge commit on main, visible in git log
    const repo = new GitRepository(sandbox.repoDir);
    const [head] = await repo.log({ ref: 'main', maxCount: 1 });
    expect(head.sha).toBe(merged.body.sha);
    expect(head.parents).toEqual([base, commit.sha]);
    expect(head.message).toBe(
      `Merge pull request #${pr.number} from acme/promote/staging/gateway/abc\n\nPromote gateway to staging`,
    );
    expect(
      (
        await repo.readFile('main', 'envs/staging/gateway/NOTES.md')
      )?.content.toString(),
    ).toBe('promoted\n');

    const after = await gh(`/pulls/${pr.number}`);
    expect(after.body).toEqual(
      expect.objectContaining({
        state: 'closed',
        merged: true,
        merge_commit_sha: merged.body.sha,
        merged_at: expect.stringMatching(/Z$/),
        closed_at: expect.stringMatching(/Z$/),
      }),
    );
    const twice = await gh(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: {},
    });
    expect(twice.status).toBe(405);
  });

  it('refuses empty, conflicting and closed pull requests, and non-fast-forward ref moves', async () => {
    const main = (await gh('/git/ref/heads/main')).body.object.sha;
    await gh('/git/refs', {
      method: 'POST',
      body: { ref: 'refs/heads/empty', sha: main },
    });
    const empty = await gh('/pulls', {
      method: 'POST',
      body: { title: 't', head: 'empty', base: 'main' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].message).toBe(
      'No commits between main and empty',
    );

    // two branches editing the same line conflict once the first is merged
    await commitOnNewBranch('conflict-a', 'README.md', 'A\n');
    await commitOnNewBranch('conflict-b', 'README.md', 'B\n');
    const a = await gh('/pulls', {
      method: 'POST',
      body: { title: 'a', head: 'conflict-a', base: 'main' },
    });
    const b = await gh('/pulls', {
      method: 'POST',
      body: { title: 'b', head: 'conflict-b', base: 'main' },
    });
    expect(
      (await gh(`/pulls/${a.body.number}/merge`, { method: 'PUT', body: {} }))
        .status,
    ).toBe(200);
    const conflicted = await gh(`/pulls/${b.body.number}`);
    expect(conflicted.body.mergeable).toBe(false);
    const refused = await gh(`/pulls/${b.body.number}/merge`, {
      method: 'PUT',
      body: {},
    });
    expect(refused.status).toBe(405);

    const closed = await gh(`/pulls/${b.body.number}`, {
      method: 'PATCH',
      body: { state: 'closed' },
    });
    expect(closed.body.state).toBe('closed');
    expect(closed.body.merged).toBe(false);
    expect(
      (await gh(`/pulls/${b.body.number}/merge`, { method: 'PUT', body: {} }))
        .status,
    ).toBe(405);

    const branchB = (await gh('/git/ref/heads/conflict-b')).body.object.sha;
    const nonFf = await gh('/git/refs/heads/main', {
      method: 'PATCH',
      body: { sha: branchB },
    });
    expect(nonFf.status).toBe(422);
    expect(nonFf.body.message).toBe('Update is not a fast forward');

    expect(
      (await gh('/git/refs/heads/conflict-b', { method: 'DELETE' })).status,
    ).toBe(204);
    const gone = await gh('/git/refs/heads/conflict-b', { method: 'DELETE' });
    expect(gone.status).toBe(422);
    expect(gone.body.message).toBe('Reference does not exist');

    const badTree = await gh('/git/commits', {
      method: 'POST',
      body: { message: 'm', tree: 'f'.repeat(40), parents: [] },
    });
    expect(badTree.status).toBe(422);
  });

  it('commits one file through the contents API, checking the blob sha', async () => {
    const path = 'envs/dev/web/values.yaml';
    const current = await gh(`/contents/${path}`);
    const content = Buffer.from('replicaCount: 9\n').toString('base64');
    const noSha = await gh(`/contents/${path}`, {
      method: 'PUT',
      body: { message: 'm', content },
    });
    expect(noSha.status).toBe(422);
    const wrongSha = await gh(`/contents/${path}`, {
      method: 'PUT',
      body: { message: 'm', content, sha: 'f'.repeat(40) },
    });
    expect(wrongSha.status).toBe(409);
    await gh('/git/refs', {
      method: 'POST',
      body: {
        ref: 'refs/heads/contents-edit',
        sha: (await gh('/git/ref/heads/main')).body.object.sha,
      },
    });
    const ok = await gh(`/contents/${path}`, {
      method: 'PUT',
      body: {
        message: 'Scale web in dev',
        content,
        sha: current.body.sha,
        branch: 'contents-edit',
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.commit.message).toBe('Scale web in dev');
    const read = await gh(`/contents/${path}?ref=contents-edit`);
    expect(Buffer.from(read.body.content, 'base64').toString()).toBe(
      'replicaCount: 9\n',
    );
  });
});
