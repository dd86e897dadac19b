import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GitlabRepositoryProvider } from './GitlabRepositoryProvider';
import { parseRepositoryUrl } from './repositoryUrl';
import { expectPullRequestLifecycle } from './__testUtils__/expectPullRequestLifecycle';

const TOKEN = 'glpat-abcdefghijklmnopqrstuvwxyz';
const PROJECT =
  'https://gitlab.example.com/api/v4/projects/platform%2Fdeploy%2Fgitops';
const server = setupServer();
registerMswTestHooks(server);

function provider() {
  return new GitlabRepositoryProvider({
    repository: parseRepositoryUrl(
      'https://gitlab.example.com/platform/deploy/gitops',
    ),
    webUrl: 'https://gitlab.example.com/platform/deploy/gitops',
    baseUrl: 'https://gitlab.example.com',
    token: TOKEN,
  });
}

function mr(
  iid: number,
  state: 'opened' | 'merged' | 'closed',
  branch: string,
) {
  return {
    id: 9000 + iid,
    iid,
    project_id: 42,
    title: 'Promote gateway to staging',
    description: 'body',
    state,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    merged_at: state === 'merged' ? '2026-01-02T00:00:00.000Z' : null,
    closed_at: null,
    target_branch: 'main',
    source_branch: branch,
    labels: ['gitops'],
    sha: 'f'.repeat(40),
    merge_commit_sha: state === 'merged' ? 'd'.repeat(40) : null,
    squash_commit_sha: null,
    web_url: `https://gitlab.example.com/platform/deploy/gitops/-/merge_requests/${iid}`,
  };
}

describe('GitlabRepositoryProvider', () => {
  it('reads branches and files with the integration token; 404 is null', async () => {
    const tokens: Array<string | null> = [];
    server.use(
      http.get(
        `${PROJECT}/repository/branches/:branch`,
        ({ request, params }) => {
          tokens.push(request.headers.get('private-token'));
          if (params.branch !== 'main') {
            return HttpResponse.json(
              { message: '404 Branch Not Found' },
              { status: 404 },
            );
          }
          return HttpResponse.json({
            name: 'main',
            merged: false,
            protected: true,
            default: true,
            commit: { id: 'a'.repeat(40), short_id: 'aaaaaaaa', title: 't' },
          });
        },
      ),
      http.get(`${PROJECT}/repository/files/:path`, ({ request, params }) => {
        expect(new URL(request.url).searchParams.get('ref')).toBe('main');
        if (params.path !== 'envs/dev/gateway/values.yaml') {
          return HttpResponse.json(
            { message: '404 File Not Found' },
            { status: 404 },
          );
        }
        return HttpResponse.json({
          file_name: 'values.yaml',
          file_path: params.path,
          size: 10,
          encoding: 'base64',
          content: Buffer.from('image: {}\n').toString('base64'),
          content_sha256: 'x',
          ref: 'main',
          blob_id: 'b'.repeat(40),
          commit_id: 'a'.repeat(40),
          last_commit_id: 'c'.repeat(40),
        });
      }),
    );
    const p = provider();
    expect(await p.getBranchHead('main')).toBe('a'.repeat(40));
    expect(await p.getBranchHead('gitops/promote/x')).toBeNull();
    expect(tokens).toEqual([TOKEN, TOKEN]);
    expect(await p.readFile('envs/dev/gateway/values.yaml', 'main')).toEqual({
      path: 'envs/dev/gateway/values.yaml',
      content: 'image: {}\n',
      sha: 'b'.repeat(40),
    });
    expect(await p.readFile('envs/dev/nope/values.yaml', 'main')).toBeNull();
  });

  it('lists files and commits', async () => {
    server.use(
      http.get(`${PROJECT}/repository/tree`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(q.get('recursive')).toBe('true');
        expect(q.get('path')).toBe('applicationsets');
        return HttpResponse.json([
          {
            id: '1',
            name: 'nonprod',
            type: 'tree',
            path: 'applicationsets/nonprod',
            mode: '040000',
          },
          {
            id: '2',
            name: 'services.yaml',
            type: 'blob',
            path: 'applicationsets/nonprod/services.yaml',
            mode: '100644',
          },
        ]);
      }),
      http.get(`${PROJECT}/repository/commits`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(q.get('ref_name')).toBe('main');
        expect(q.get('path')).toBe('envs/dev/gateway/values.yaml');
        expect(q.get('page')).toBe('1');
        return HttpResponse.json([
          {
            id: '1'.repeat(40),
            short_id: '11111111',
            title: 'pin',
            message: 'pin\n',
            author_name: 'CI',
            author_email: 'ci@example.com',
            authored_date: '2026-01-01T00:00:00.000Z',
            committer_name: 'CI',
            committed_date: '2026-01-01T00:01:00.000Z',
            parent_ids: ['0'.repeat(40)],
            web_url: 'https://gitlab.example.com/x',
          },
        ]);
      }),
    );
    const p = provider();
    expect(await p.listFiles('applicationsets', 'main')).toEqual([
      'applicationsets/nonprod/services.yaml',
    ]);
    expect(await p.listTree('applicationsets', 'main')).toEqual({
      files: [{ path: 'applicationsets/nonprod/services.yaml', sha: '2' }],
      truncated: false,
    });
    expect(
      await p.listCommits('envs/dev/gateway/values.yaml', {
        ref: 'main',
        page: 1,
        perPage: 5,
      }),
    ).toEqual([
      {
        sha: '1'.repeat(40),
        author: 'CI',
        committedAt: '2026-01-01T00:01:00.000Z',
        message: 'pin\n',
        parents: ['0'.repeat(40)],
      },
    ]);
  });

  it('commits with last_commit_id per updated file and reports a changed file as a conflict', async () => {
    const bodies: unknown[] = [];
    let reject = false;
    server.use(
      http.get(`${PROJECT}/repository/branches/:branch`, () =>
        HttpResponse.json({ name: 'b', commit: { id: 'a'.repeat(40) } }),
      ),
      http.get(`${PROJECT}/repository/commits`, ({ request }) => {
        const path = new URL(request.url).searchParams.get('path');
        return HttpResponse.json(
          path === 'envs/dev/gateway/values.yaml'
            ? [
                {
                  id: 'c'.repeat(40),
                  message: 'm',
                  author_name: 'x',
                  committed_date: 'd',
                  parent_ids: [],
                },
              ]
            : [],
        );
      }),
      http.post(`${PROJECT}/repository/commits`, async ({ request }) => {
        bodies.push(await request.json());
        if (reject) {
          return HttpResponse.json(
            {
              message:
                'You are attempting to update a file that has changed since you started editing it.',
            },
            { status: 400 },
          );
        }
        return HttpResponse.json(
          { id: 'e'.repeat(40), message: 'pin', parent_ids: ['a'.repeat(40)] },
          { status: 201 },
        );
      }),
    );
    const options = {
      branch: 'b',
      parentSha: 'a'.repeat(40),
      message: 'pin',
      files: [
        { path: 'envs/dev/gateway/values.yaml', content: 'x' },
        { path: 'envs/dev/new/values.yaml', content: 'y' },
      ],
    };
    expect(await provider().commitFiles(options)).toEqual({
      sha: 'e'.repeat(40),
    });
    expect(bodies[0]).toEqual({
      branch: 'b',
      commit_message: 'pin',
      actions: [
        {
          action: 'update',
          file_path: 'envs/dev/gateway/values.yaml',
          content: 'x',
          last_commit_id: 'c'.repeat(40),
        },
        {
          action: 'create',
          file_path: 'envs/dev/new/values.yaml',
          content: 'y',
        },
      ],
    });
    reject = true;
    await expect(provider().commitFiles(options)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(
      provider().commitFiles({ ...options, parentSha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/moved since it was read/),
    });
  });

  it('creates branches (existing is a conflict) and deletes them (missing is fine)', async () => {
    server.use(
      http.post(`${PROJECT}/repository/branches`, async ({ request }) => {
        const { branch, ref } = (await request.json()) as {
          branch: string;
          ref: string;
        };
        expect(ref).toBe('a');
        if (branch === 'exists') {
          return HttpResponse.json(
            { message: 'Branch already exists' },
            { status: 400 },
          );
        }
        return HttpResponse.json(
          { name: branch, commit: { id: 'a' } },
          { status: 201 },
        );
      }),
      http.delete(`${PROJECT}/repository/branches/:branch`, () =>
        HttpResponse.json({ message: '404 Branch Not Found' }, { status: 404 }),
      ),
    );
    const p = provider();
    await expect(p.createBranch('new', 'a')).resolves.toBeUndefined();
    await expect(p.createBranch('exists', 'a')).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(p.deleteBranch('gone')).resolves.toBeUndefined();
  });

  it('opens, finds, reads and merges merge requests', async () => {
    let created: unknown;
    server.use(
      http.post(`${PROJECT}/merge_requests`, async ({ request }) => {
        created = await request.json();
        if ((created as { source_branch: string }).source_branch === 'dup') {
          return HttpResponse.json(
            {
              message: [
                'Another open merge request already exists for this source branch: !1',
              ],
            },
            { status: 409 },
          );
        }
        return HttpResponse.json(mr(5, 'opened', 'b'), { status: 201 });
      }),
      http.get(`${PROJECT}/merge_requests`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(q.get('source_branch')).toBe('b');
        return HttpResponse.json(
          q.get('state') === 'opened' ? [] : [mr(4, 'merged', 'b')],
        );
      }),
      http.get(`${PROJECT}/merge_requests/4`, () =>
        HttpResponse.json(mr(4, 'merged', 'b')),
      ),
      http.put(`${PROJECT}/merge_requests/5/merge`, () =>
        HttpResponse.json(mr(5, 'merged', 'b')),
      ),
      http.put(`${PROJECT}/merge_requests/6/merge`, () =>
        HttpResponse.json(
          { message: '405 Method Not Allowed' },
          { status: 405 },
        ),
      ),
    );
    const p = provider();
    expect(
      await p.createPullRequest({
        headBranch: 'b',
        baseBranch: 'main',
        title: 't',
        body: 'body',
        labels: ['gitops', 'env:dev'],
      }),
    ).toEqual({
      number: 5,
      url: 'https://gitlab.example.com/platform/deploy/gitops/-/merge_requests/5',
      state: 'open',
      headBranch: 'b',
      baseBranch: 'main',
      title: 'Promote gateway to staging',
      mergeCommitSha: null,
      mergedAt: null,
    });
    expect(created).toMatchObject({
      source_branch: 'b',
      target_branch: 'main',
      title: 't',
      description: 'body',
      labels: 'gitops,env:dev',
    });
    await expectPullRequestLifecycle(p, {
      merged: 4,
      mergeable: 5,
      unmergeable: 6,
    });
  });

  it('fails with a redacted 502 when GitLab refuses the token', async () => {
    server.use(
      http.get(`${PROJECT}/repository/branches/:branch`, () =>
        HttpResponse.json(
          { message: `401 Unauthorized ${TOKEN}` },
          { status: 401 },
        ),
      ),
    );
    const error = await provider()
      .getBranchHead('main')
      .catch(e => e);
    expect(error).toMatchObject({
      name: 'GitProviderError',
      statusCode: 502,
      hostStatus: 401,
    });
    expect(error.message).toMatch(/GitLab could not read branch main \(401\)/);
    expect(error.message).not.toContain(TOKEN);
  });
});
