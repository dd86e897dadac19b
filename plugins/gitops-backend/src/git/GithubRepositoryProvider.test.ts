import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubRepositoryProvider } from './GithubRepositoryProvider';
import { parseRepositoryUrl } from './repositoryUrl';
import { expectPullRequestLifecycle } from './__testUtils__/expectPullRequestLifecycle';

const API = 'https://ghe.example.com/api/v3';
const REPO = `${API}/repos/acme/gitops`;
const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const server = setupServer();
registerMswTestHooks(server);

function provider() {
  return new GithubRepositoryProvider({
    repository: parseRepositoryUrl('https://ghe.example.com/acme/gitops'),
    webUrl: 'https://ghe.example.com/acme/gitops',
    apiBaseUrl: API,
    getAuthHeaders: async () => ({ Authorization: `token ${TOKEN}` }),
    retryTimeUnitMs: 5,
    minWriteIntervalMs: 1,
  });
}

const limits = {
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-reset': '1999999999',
};

function pull(
  number: number,
  state: 'open' | 'closed',
  branch: string,
  merged = false,
) {
  return {
    url: `${REPO}/pulls/${number}`,
    id: 1000 + number,
    number,
    state,
    title: `Promote gateway`,
    body: 'body',
    html_url: `https://ghe.example.com/acme/gitops/pull/${number}`,
    user: { login: 'portal-bot' },
    labels: [{ name: 'gitops' }],
    head: { ref: branch, sha: 'f'.repeat(40), label: `acme:${branch}` },
    base: { ref: 'main', sha: 'e'.repeat(40) },
    merged,
    merged_at: merged ? '2026-01-02T00:00:00Z' : null,
    merge_commit_sha: merged ? 'd'.repeat(40) : 'c'.repeat(40),
    mergeable: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    closed_at: null,
  };
}

describe('GithubRepositoryProvider', () => {
  it('reads branch heads with the integration credentials, unencoded slashes and 404 as null', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, ({ request }) => {
        seen.push(
          `${new URL(request.url).pathname} ${request.headers.get(
            'authorization',
          )}`,
        );
        if (request.url.endsWith('/main')) {
          return HttpResponse.json(
            {
              ref: 'refs/heads/main',
              node_id: 'x',
              url: 'u',
              object: { sha: 'a'.repeat(40), type: 'commit', url: 'u' },
            },
            { headers: limits },
          );
        }
        return HttpResponse.json(
          {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com',
          },
          { status: 404 },
        );
      }),
    );
    const p = provider();
    expect(await p.getBranchHead('main')).toBe('a'.repeat(40));
    expect(await p.getBranchHead('gitops/promote/gateway/prod/abc')).toBeNull();
    expect(seen).toEqual([
      `/api/v3/repos/acme/gitops/git/ref/heads/main token ${TOKEN}`,
      `/api/v3/repos/acme/gitops/git/ref/heads/gitops/promote/gateway/prod/abc token ${TOKEN}`,
    ]);
  });

  it('reads files and folders through the contents API', async () => {
    server.use(
      http.get(`${REPO}/contents/*`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('ref')).toBe('main');
        const path = url.pathname.replace(
          '/api/v3/repos/acme/gitops/contents/',
          '',
        );
        if (path === 'envs/dev/gateway/values.yaml') {
          return HttpResponse.json({
            type: 'file',
            encoding: 'base64',
            size: 20,
            name: 'values.yaml',
            path,
            content: `${Buffer.from('image:\n  digest: x\n')
              .toString('base64')
              .replace(/(.{8})/g, '$1\n')}`,
            sha: 'b'.repeat(40),
          });
        }
        if (path === 'applicationsets') {
          return HttpResponse.json([
            {
              type: 'dir',
              name: 'nonprod',
              path: 'applicationsets/nonprod',
              sha: '1',
            },
            {
              type: 'file',
              name: 'README.md',
              path: 'applicationsets/README.md',
              sha: '2',
            },
          ]);
        }
        if (path === 'applicationsets/nonprod') {
          return HttpResponse.json([
            {
              type: 'file',
              name: 'services.yaml',
              path: 'applicationsets/nonprod/services.yaml',
              sha: '3',
            },
          ]);
        }
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }),
    );
    const p = provider();
    expect(await p.readFile('envs/dev/gateway/values.yaml', 'main')).toEqual({
      path: 'envs/dev/gateway/values.yaml',
      content: 'image:\n  digest: x\n',
      sha: 'b'.repeat(40),
    });
    expect(await p.readFile('envs/dev/nope/values.yaml', 'main')).toBeNull();
    expect(await p.readFile('applicationsets', 'main')).toBeNull();
    expect(await p.listFiles('applicationsets', 'main')).toEqual([
      'applicationsets/README.md',
      'applicationsets/nonprod/services.yaml',
    ]);
    expect(await p.listFiles('missing', 'main')).toEqual([]);
  });

  it('lists a folder from one recursive tree read, with blob SHAs and truncation', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${REPO}/git/trees/:sha`, ({ request, params }) => {
        seen.push(
          `${params.sha} ${new URL(request.url).searchParams.get('recursive')}`,
        );
        if (params.sha !== 'c'.repeat(40)) {
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }
        return HttpResponse.json({
          sha: 't'.repeat(40),
          url: 'u',
          tree: [
            { path: 'envs', mode: '040000', type: 'tree', sha: '1', url: 'u' },
            { path: 'envs/dev', mode: '040000', type: 'tree', sha: '2' },
            {
              path: 'envs/dev/gateway/values.yaml',
              mode: '100644',
              type: 'blob',
              sha: '3',
              size: 40,
            },
            { path: 'envsx/a.yaml', mode: '100644', type: 'blob', sha: '4' },
            { path: 'README.md', mode: '100644', type: 'blob', sha: '5' },
          ],
          truncated: true,
        });
      }),
    );
    const p = provider();
    expect(await p.listTree('envs', 'c'.repeat(40))).toEqual({
      files: [{ path: 'envs/dev/gateway/values.yaml', sha: '3' }],
      truncated: true,
    });
    expect(await p.listTree('', 'd'.repeat(40))).toEqual({
      files: [],
      truncated: false,
    });
    expect(seen).toEqual([`${'c'.repeat(40)} 1`, `${'d'.repeat(40)} 1`]);
  });

  it('lists the commits of a path, page by page', async () => {
    server.use(
      http.get(`${REPO}/commits`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(Object.fromEntries(q)).toEqual({
          sha: 'main',
          path: 'envs/dev/gateway/values.yaml',
          page: '2',
          per_page: '30',
        });
        return HttpResponse.json([
          {
            sha: '1'.repeat(40),
            html_url: 'https://ghe.example.com/acme/gitops/commit/1',
            commit: {
              message: 'pin',
              author: {
                name: 'CI',
                email: 'ci@example.com',
                date: '2026-01-01T00:00:00Z',
              },
              committer: {
                name: 'GitHub',
                email: 'noreply@github.com',
                date: '2026-01-01T00:01:00Z',
              },
              tree: { sha: 't' },
            },
            author: { login: 'ci-bot' },
            parents: [{ sha: '0'.repeat(40) }],
          },
        ]);
      }),
    );
    expect(
      await provider().listCommits('envs/dev/gateway/values.yaml', {
        ref: 'main',
        page: 2,
        perPage: 30,
      }),
    ).toEqual([
      {
        sha: '1'.repeat(40),
        author: 'CI',
        committedAt: '2026-01-01T00:01:00Z',
        message: 'pin',
        parents: ['0'.repeat(40)],
      },
    ]);
  });

  it('commits with a tree, a commit and a fast-forward-only ref update', async () => {
    const parent = 'a'.repeat(40);
    const calls: Array<{ method: string; path: string; body: unknown }> = [];
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () =>
        HttpResponse.json({
          ref: 'refs/heads/b',
          object: { sha: parent, type: 'commit' },
        }),
      ),
      http.get(`${REPO}/git/commits/${parent}`, () =>
        HttpResponse.json({
          sha: parent,
          message: 'm',
          tree: { sha: 'tree0' },
          parents: [],
          author: {},
        }),
      ),
      http.post(`${REPO}/git/trees`, async ({ request }) => {
        calls.push({
          method: 'POST',
          path: 'trees',
          body: await request.json(),
        });
        return HttpResponse.json({ sha: 'tree1', tree: [] }, { status: 201 });
      }),
      http.post(`${REPO}/git/commits`, async ({ request }) => {
        calls.push({
          method: 'POST',
          path: 'commits',
          body: await request.json(),
        });
        return HttpResponse.json(
          {
            sha: 'c'.repeat(40),
            tree: { sha: 'tree1' },
            parents: [{ sha: parent }],
          },
          { status: 201 },
        );
      }),
      http.patch(`${REPO}/git/refs/heads/*`, async ({ request }) => {
        calls.push({
          method: 'PATCH',
          path: new URL(request.url).pathname,
          body: await request.json(),
        });
        return HttpResponse.json({
          ref: 'refs/heads/b',
          object: { sha: 'c'.repeat(40), type: 'commit' },
        });
      }),
    );
    const result = await provider().commitFiles({
      branch: 'gitops/pin/gateway/dev/abc',
      parentSha: parent,
      message: 'pin',
      files: [{ path: 'envs/dev/gateway/values.yaml', content: 'x' }],
    });
    expect(result).toEqual({ sha: 'c'.repeat(40) });
    expect(calls).toEqual([
      {
        method: 'POST',
        path: 'trees',
        body: {
          base_tree: 'tree0',
          tree: [
            {
              path: 'envs/dev/gateway/values.yaml',
              mode: '100644',
              type: 'blob',
              content: 'x',
            },
          ],
        },
      },
      {
        method: 'POST',
        path: 'commits',
        body: { message: 'pin', tree: 'tree1', parents: [parent] },
      },
      {
        method: 'PATCH',
        path: '/api/v3/repos/acme/gitops/git/refs/heads/gitops/pin/gateway/dev/abc',
        body: { sha: 'c'.repeat(40), force: false },
      },
    ]);
  });

  it('reports a moved branch as a conflict, before or during the commit', async () => {
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () =>
        HttpResponse.json({
          ref: 'refs/heads/b',
          object: { sha: 'b'.repeat(40), type: 'commit' },
        }),
      ),
    );
    const options = {
      branch: 'b',
      parentSha: 'a'.repeat(40),
      message: 'm',
      files: [],
    };
    await expect(provider().commitFiles(options)).rejects.toMatchObject({
      name: 'ConflictError',
    });

    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () =>
        HttpResponse.json({
          ref: 'refs/heads/b',
          object: { sha: 'a'.repeat(40), type: 'commit' },
        }),
      ),
      http.get(`${REPO}/git/commits/*`, () =>
        HttpResponse.json({ sha: 'a', tree: { sha: 't' }, parents: [] }),
      ),
      http.post(`${REPO}/git/trees`, () =>
        HttpResponse.json({ sha: 't2' }, { status: 201 }),
      ),
      http.post(`${REPO}/git/commits`, () =>
        HttpResponse.json({ sha: 'c' }, { status: 201 }),
      ),
      http.patch(`${REPO}/git/refs/heads/*`, () =>
        HttpResponse.json(
          { message: 'Update is not a fast forward', documentation_url: 'x' },
          { status: 422 },
        ),
      ),
    );
    await expect(provider().commitFiles(options)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/moved while/),
    });
  });

  it('creates and deletes branches; an existing branch is a conflict, a missing one is fine', async () => {
    server.use(
      http.post(`${REPO}/git/refs`, async ({ request }) => {
        const body = (await request.json()) as { ref: string };
        if (body.ref === 'refs/heads/exists') {
          return HttpResponse.json(
            { message: 'Reference already exists' },
            { status: 422 },
          );
        }
        return HttpResponse.json(
          { ref: body.ref, object: { sha: 'a', type: 'commit' } },
          { status: 201 },
        );
      }),
      http.delete(`${REPO}/git/refs/heads/*`, () =>
        HttpResponse.json(
          { message: 'Reference does not exist' },
          { status: 422 },
        ),
      ),
    );
    const p = provider();
    await expect(p.createBranch('new', 'a')).resolves.toBeUndefined();
    await expect(p.createBranch('exists', 'a')).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(p.deleteBranch('gone')).resolves.toBeUndefined();
  });

  it('opens, labels, finds, reads and merges pull requests', async () => {
    const labelled: unknown[] = [];
    server.use(
      http.post(`${REPO}/pulls`, async ({ request }) => {
        const body = (await request.json()) as { head: string };
        if (body.head === 'dup') {
          return HttpResponse.json(
            {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: 'A pull request already exists for acme:dup.',
                },
              ],
            },
            { status: 422 },
          );
        }
        return HttpResponse.json(pull(7, 'open', body.head), { status: 201 });
      }),
      http.post(`${REPO}/issues/7/labels`, async ({ request }) => {
        labelled.push(await request.json());
        return HttpResponse.json([{ name: 'gitops' }]);
      }),
      http.get(`${REPO}/pulls`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(q.get('head')).toBe('acme:b');
        return HttpResponse.json(
          q.get('state') === 'all'
            ? [pull(3, 'closed', 'b', true), pull(2, 'closed', 'b')]
            : [],
        );
      }),
      http.get(`${REPO}/pulls/3`, () =>
        HttpResponse.json(pull(3, 'closed', 'b', true)),
      ),
      http.put(`${REPO}/pulls/7/merge`, () =>
        HttpResponse.json({
          sha: 'd'.repeat(40),
          merged: true,
          message: 'Pull Request successfully merged',
        }),
      ),
      http.put(`${REPO}/pulls/8/merge`, () =>
        HttpResponse.json(
          { message: 'Pull Request is not mergeable' },
          { status: 405 },
        ),
      ),
    );
    const p = provider();
    const created = await p.createPullRequest({
      headBranch: 'b',
      baseBranch: 'main',
      title: 't',
      body: 'b',
      labels: ['gitops', 'env:dev'],
    });
    expect(created).toEqual({
      number: 7,
      url: 'https://ghe.example.com/acme/gitops/pull/7',
      state: 'open',
      headBranch: 'b',
      baseBranch: 'main',
      title: 'Promote gateway',
      mergeCommitSha: null,
      mergedAt: null,
    });
    expect(labelled).toEqual([{ labels: ['gitops', 'env:dev'] }]);
    await expectPullRequestLifecycle(p, {
      merged: 3,
      mergeable: 7,
      unmergeable: 8,
    });
  });

  it('waits for a primary rate limit reset and for a secondary limit Retry-After, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () => {
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            { message: 'API rate limit exceeded for installation ID 1.' },
            {
              status: 403,
              headers: {
                'x-ratelimit-limit': '5000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': `${Math.floor(Date.now() / 1000) + 1}`,
              },
            },
          );
        }
        if (calls === 2) {
          return HttpResponse.json(
            {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            },
            { status: 403, headers: { 'retry-after': '1' } },
          );
        }
        return HttpResponse.json({
          ref: 'refs/heads/main',
          object: { sha: 'a'.repeat(40), type: 'commit' },
        });
      }),
    );
    expect(await provider().getBranchHead('main')).toBe('a'.repeat(40));
    expect(calls).toBe(3);
  });

  it('retries server errors a bounded number of times, then fails with a redacted 502', async () => {
    let calls = 0;
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () => {
        calls += 1;
        return HttpResponse.json(
          { message: `upstream failed for token ${TOKEN}` },
          { status: 502 },
        );
      }),
    );
    const error = await provider()
      .getBranchHead('main')
      .catch(e => e);
    expect(calls).toBe(4);
    expect(error).toMatchObject({ name: 'GitProviderError', statusCode: 502 });
    expect(error.message).toMatch(/GitHub could not read branch main \(502\)/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('does not retry refused credentials and never echoes them', async () => {
    let calls = 0;
    server.use(
      http.get(`${REPO}/git/ref/heads/*`, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'Bad credentials' },
          { status: 401 },
        );
      }),
    );
    const error = await provider()
      .getBranchHead('main')
      .catch(e => e);
    expect(calls).toBe(1);
    expect(error.message).toBe(
      'GitHub could not read branch main (401): Bad credentials',
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});
