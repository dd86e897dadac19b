import express, { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import {
  BOT_LOGIN,
  DEFAULT_BRANCH,
  REPO_NAME,
  REPO_OWNER,
  SANDBOX_GITHUB_TOKEN,
} from '../demo';
import {
  GitRepository,
  GitTreeChange,
  RefConflictError,
} from '../git/GitRepository';
import { HttpError } from '../util/HttpError';
import {
  GitHubLinks,
  commitPayload,
  directoryEntryPayload,
  fileContentPayload,
  gitCommitPayload,
  labelPayload,
  refPayload,
  repositoryPayload,
  userPayload,
} from './payloads';
import {
  PullRequestService,
  githubError,
  signatureOf,
  validationFailed,
} from './PullRequestService';

/** What the GitHub API needs from the rest of the sandbox. */
export interface GitHubRouterDeps {
  repo: GitRepository;
  pulls: PullRequestService;
  links: GitHubLinks;
  /** Counts a call of an endpoint. */
  count(endpoint: string): void;
}

const RATE_LIMIT = 5000;

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (/^(token|bearer)$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

/** zod issues as GitHub's `errors` array. */
function zodErrors(resource: string, error: z.ZodError) {
  return error.issues.map(issue => ({
    resource,
    field: issue.path.join('.'),
    code:
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'missing_field'
        : 'invalid',
    message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
  }));
}

function parse<T>(schema: z.ZodType<T>, resource: string, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw validationFailed(zodErrors(resource, result.error));
  }
  return result.data;
}

const signatureSchema = z.object({
  name: z.string().min(1),
  email: z.string().min(1),
  date: z.string().optional(),
});

const schemas = {
  blob: z.object({
    content: z.string(),
    encoding: z.enum(['utf-8', 'utf8', 'base64']).default('utf-8'),
  }),
  tree: z.object({
    base_tree: z.string().optional(),
    tree: z
      .array(
        z.object({
          path: z.string().min(1),
          mode: z.enum(['100644', '100755', '040000', '160000', '120000']),
          type: z.enum(['blob', 'tree', 'commit']).default('blob'),
          sha: z.string().nullable().optional(),
          content: z.string().optional(),
        }),
      )
      .min(1),
  }),
  commit: z.object({
    message: z.string().min(1),
    tree: z.string().min(1),
    parents: z.array(z.string()).default([]),
    author: signatureSchema.optional(),
    committer: signatureSchema.optional(),
  }),
  createRef: z.object({ ref: z.string().min(1), sha: z.string().min(1) }),
  updateRef: z.object({
    sha: z.string().min(1),
    force: z.boolean().default(false),
  }),
  createPull: z.object({
    title: z.string().min(1),
    head: z.string().min(1),
    base: z.string().min(1),
    body: z.string().nullable().optional(),
    draft: z.boolean().optional(),
  }),
  updatePull: z.object({
    title: z.string().optional(),
    body: z.string().nullable().optional(),
    state: z.enum(['open', 'closed']).optional(),
    base: z.string().optional(),
  }),
  merge: z.object({
    sha: z.string().optional(),
    commit_title: z.string().optional(),
    commit_message: z.string().optional(),
    merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
  }),
  labels: z.union([
    z.object({
      labels: z.array(z.union([z.string(), z.object({ name: z.string() })])),
    }),
    z.array(z.string()),
  ]),
  reviewers: z.object({
    reviewers: z.array(z.string()).default([]),
    team_reviewers: z.array(z.string()).default([]),
  }),
  comment: z.object({ body: z.string().min(1) }),
  putContents: z.object({
    message: z.string().min(1),
    content: z.string(),
    sha: z.string().optional(),
    branch: z.string().optional(),
    author: signatureSchema.optional(),
    committer: signatureSchema.optional(),
  }),
};

type Handler = (req: Request, res: Response) => Promise<void> | void;

/**
 * The GitHub-compatible REST API of the sandbox (`/api/v3`), for the repository `acme/gitops`:
 * what the portal's GitHub provider and octokit call (repository, refs, blobs, trees, commits,
 * contents, commits by path, pull requests and their labels), over real git objects.
 */
export function githubRouter(deps: GitHubRouterDeps): express.Router {
  const { repo, pulls, links } = deps;
  const router = express.Router();
  let remaining = RATE_LIMIT;
  let resetAt = Math.floor(Date.now() / 1000) + 3600;

  router.use((req: Request, res: Response, next: NextFunction) => {
    const now = Math.floor(Date.now() / 1000);
    if (now >= resetAt) {
      remaining = RATE_LIMIT;
      resetAt = now + 3600;
    }
    remaining = Math.max(0, remaining - 1);
    res.setHeader('x-ratelimit-limit', String(RATE_LIMIT));
    res.setHeader('x-ratelimit-remaining', String(remaining));
    res.setHeader('x-ratelimit-reset', String(resetAt));
    res.setHeader('x-ratelimit-used', String(RATE_LIMIT - remaining));
    res.setHeader('x-ratelimit-resource', 'core');
    res.setHeader('x-github-media-type', 'github.v3; format=json');
    res.setHeader('x-github-api-version-selected', '2022-11-28');
    if (tokenOf(req) !== SANDBOX_GITHUB_TOKEN) {
      res.status(401).json({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '25mb' }));

  const route = (
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    path: string,
    handler: Handler,
  ) => {
    const endpoint = `${method.toUpperCase()} ${path.replace(
      /:(\w+)/g,
      '{$1}',
    )}`;
    router[method](path, async (req, res, next) => {
      deps.count(endpoint);
      try {
        await handler(req, res);
      } catch (error) {
        next(error);
      }
    });
  };

  const repoPath = '/repos/:owner/:repo';
  router.use(repoPath, (req: Request, res: Response, next: NextFunction) => {
    if (
      req.params.owner.toLowerCase() !== REPO_OWNER ||
      req.params.repo.toLowerCase() !== REPO_NAME
    ) {
      res.status(404).json({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    next();
  });

  route('get', '/user', (_req, res) => {
    res.json(userPayload(BOT_LOGIN, links));
  });

  route('get', repoPath, (_req, res) => {
    res.json(repositoryPayload(links));
  });

  route('get', `${repoPath}/branches/*`, async (req, res) => {
    const name = String(req.params[0]);
    const sha = await repo.branchHead(name);
    if (!sha) throw githubError(404, 'Branch not found');
    const commit = (await repo.getCommit(sha))!;
    res.json({
      name,
      commit: commitPayload(commit, links),
      protected: name === DEFAULT_BRANCH,
      _links: {
        self: `${links.repoApi}/branches/${name}`,
        html: `${links.repoHtml}/tree/${name}`,
      },
    });
  });

  const getRef = async (req: Request, res: Response) => {
    const ref = String(req.params[0]).replace(/^refs\//, '');
    if (!ref.startsWith('heads/')) throw githubError(404, 'Not Found');
    const sha = await repo.branchHead(ref.slice('heads/'.length));
    if (!sha) throw githubError(404, 'Not Found');
    res.json(refPayload(`refs/${ref}`, sha, links));
  };
  route('get', `${repoPath}/git/ref/*`, getRef);
  route('get', `${repoPath}/git/refs/*`, getRef);

  const refErrors = (error: unknown): never => {
    if (error instanceof RefConflictError) {
      throw githubError(422, error.message);
    }
    throw error;
  };

  route('post', `${repoPath}/git/refs`, async (req, res) => {
    const body = parse(schemas.createRef, 'Reference', req.body);
    if (!/^refs\/heads\/.+/.test(body.ref)) {
      throw githubError(
        422,
        body.ref.startsWith('refs/')
          ? 'Only branches (refs/heads/...) can be created in the sandbox'
          : "Reference name must start with 'refs/' and have at least two slashes.",
      );
    }
    const branch = body.ref.slice('refs/heads/'.length);
    await repo.createBranch(branch, body.sha).catch(refErrors);
    res.status(201).json(refPayload(body.ref, body.sha, links));
  });

  route('patch', `${repoPath}/git/refs/*`, async (req, res) => {
    const ref = String(req.params[0]).replace(/^refs\//, '');
    if (!ref.startsWith('heads/'))
      throw githubError(422, 'Reference does not exist');
    const body = parse(schemas.updateRef, 'Reference', req.body);
    await repo
      .updateBranch(ref.slice('heads/'.length), body.sha, body.force)
      .catch(refErrors);
    res.json(refPayload(`refs/${ref}`, body.sha, links));
  });

  route('delete', `${repoPath}/git/refs/*`, async (req, res) => {
    const ref = String(req.params[0]).replace(/^refs\//, '');
    if (!ref.startsWith('heads/'))
      throw githubError(422, 'Reference does not exist');
    await repo.deleteBranch(ref.slice('heads/'.length)).catch(refErrors);
    res.status(204).end();
  });

  route('post', `${repoPath}/git/blobs`, async (req, res) => {
    const body = parse(schemas.blob, 'Blob', req.body);
    const content =
      body.encoding === 'base64'
        ? Buffer.from(body.content, 'base64')
        : Buffer.from(body.content, 'utf8');
    const sha = await repo.writeBlob(content);
    res.status(201).json({ sha, url: `${links.repoApi}/git/blobs/${sha}` });
  });

  route('get', `${repoPath}/git/blobs/:sha`, async (req, res) => {
    if ((await repo.objectType(req.params.sha)) !== 'blob') {
      throw githubError(404, 'Not Found');
    }
    const content = await repo.readBlob(req.params.sha);
    res.json({
      sha: req.params.sha,
      node_id: Buffer.from(`Blob:${req.params.sha}`).toString('base64'),
      size: content.length,
      url: `${links.repoApi}/git/blobs/${req.params.sha}`,
      content: content.toString('base64'),
      encoding: 'base64',
    });
  });

  const treePayload = async (sha: string, recursive: boolean) => ({
    sha,
    url: `${links.repoApi}/git/trees/${sha}`,
    tree: (await repo.listTree(sha, { recursive })).map(e => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined ? { size: e.size } : {}),
      url: `${links.repoApi}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${
        e.sha
      }`,
    })),
    truncated: false,
  });

  route('post', `${repoPath}/git/trees`, async (req, res) => {
    const body = parse(schemas.tree, 'Tree', req.body);
    let base: string | null = null;
    if (body.base_tree) {
      base = await repo.resolveTree(body.base_tree);
      if (!base) {
        throw githubError(422, 'base_tree is not a valid tree oid');
      }
    }
    const changes: GitTreeChange[] = [];
    for (const entry of body.tree) {
      if (entry.type !== 'blob') {
        throw validationFailed([
          {
            resource: 'Tree',
            field: 'type',
            code: 'invalid',
            message: 'the sandbox accepts blob entries only',
          },
        ]);
      }
      if (entry.content !== undefined) {
        changes.push({
          path: entry.path,
          mode: entry.mode,
          sha: await repo.writeBlob(Buffer.from(entry.content, 'utf8')),
        });
      } else if (entry.sha === null) {
        changes.push({ path: entry.path, mode: entry.mode, sha: null });
      } else if (entry.sha) {
        if ((await repo.objectType(entry.sha)) !== 'blob') {
          throw githubError(422, `tree.sha ${entry.sha} is not a valid blob`);
        }
        changes.push({ path: entry.path, mode: entry.mode, sha: entry.sha });
      } else {
        throw validationFailed([
          {
            resource: 'Tree',
            field: 'sha',
            code: 'missing_field',
            message: `tree entry ${entry.path} needs sha or content`,
          },
        ]);
      }
    }
    const sha = await repo.writeTree(base, changes);
    res.status(201).json(await treePayload(sha, false));
  });

  route('get', `${repoPath}/git/trees/:sha`, async (req, res) => {
    const tree = await repo.resolveTree(req.params.sha);
    if (!tree) throw githubError(404, 'Not Found');
    res.json(
      await treePayload(
        tree,
        ['1', 'true'].includes(String(req.query.recursive)),
      ),
    );
  });

  route('post', `${repoPath}/git/commits`, async (req, res) => {
    const body = parse(schemas.commit, 'Commit', req.body);
    if ((await repo.objectType(body.tree)) !== 'tree') {
      throw githubError(422, 'Tree SHA does not exist');
    }
    for (const parent of body.parents) {
      if ((await repo.objectType(parent)) !== 'commit') {
        throw githubError(
          422,
          'Parent SHA does not exist or is not a commit object',
        );
      }
    }
    const now = new Date();
    const sign = (s?: { name: string; email: string; date?: string }) =>
      s
        ? {
            name: s.name,
            email: s.email,
            date: s.date ?? signatureOf(BOT_LOGIN, now).date,
          }
        : undefined;
    const author = sign(body.author) ?? signatureOf(BOT_LOGIN, now);
    const committer = sign(body.committer) ?? author;
    const sha = await repo.commitTree({
      tree: body.tree,
      parents: body.parents,
      message: body.message,
      author,
      committer,
    });
    res.status(201).json(gitCommitPayload((await repo.getCommit(sha))!, links));
  });

  route('get', `${repoPath}/git/commits/:sha`, async (req, res) => {
    const commit = await repo.getCommit(req.params.sha);
    if (!commit) throw githubError(404, 'Not Found');
    res.json(gitCommitPayload(commit, links));
  });

  route('get', `${repoPath}/commits`, async (req, res) => {
    const ref =
      typeof req.query.sha === 'string' && req.query.sha
        ? req.query.sha
        : DEFAULT_BRANCH;
    const sha = await repo.resolve(ref);
    if (!sha) throw githubError(404, `No commit found for SHA: ${ref}`);
    const perPage = Math.min(
      100,
      Math.max(1, Number(req.query.per_page) || 30),
    );
    const page = Math.max(1, Number(req.query.page) || 1);
    const path =
      typeof req.query.path === 'string' ? req.query.path : undefined;
    const commits = await repo.log({
      ref: sha,
      path,
      skip: (page - 1) * perPage,
      maxCount: perPage + 1,
    });
    if (commits.length > perPage) {
      const next = new URL(`${links.repoApi}/commits`);
      for (const [key, value] of Object.entries(req.query)) {
        if (typeof value === 'string') next.searchParams.set(key, value);
      }
      next.searchParams.set('page', String(page + 1));
      next.searchParams.set('per_page', String(perPage));
      res.setHeader('Link', `<${next.toString()}>; rel="next"`);
    }
    res.json(commits.slice(0, perPage).map(c => commitPayload(c, links)));
  });

  route('get', `${repoPath}/commits/:ref`, async (req, res) => {
    const sha = await repo.resolve(req.params.ref);
    const commit = sha ? await repo.getCommit(sha) : null;
    if (!commit)
      throw githubError(422, `No commit found for SHA: ${req.params.ref}`);
    const parent = commit.parents[0];
    const files = parent ? await repo.changedFiles(parent, commit.sha) : [];
    res.json({
      ...commitPayload(commit, links),
      stats: {
        additions: files.reduce((s, f) => s + f.additions, 0),
        deletions: files.reduce((s, f) => s + f.deletions, 0),
        total: files.reduce((s, f) => s + f.additions + f.deletions, 0),
      },
      files: files.map(f => ({
        filename: f.path,
        status: f.status,
        additions: f.additions,
        deletions: f.deletions,
        changes: f.additions + f.deletions,
      })),
    });
  });

  const getContents = async (req: Request, res: Response) => {
    const path = String(req.params[0] ?? '').replace(/^\/+|\/+$/g, '');
    const ref =
      typeof req.query.ref === 'string' && req.query.ref
        ? req.query.ref
        : DEFAULT_BRANCH;
    const commit = await repo.resolve(ref);
    if (!commit) throw githubError(404, `No commit found for the ref ${ref}`);
    const entry = await repo.entryAt(commit, path);
    if (!entry) throw githubError(404, 'Not Found');
    if (entry.type === 'tree') {
      const entries = await repo.listTree(commit, { path });
      res.json(entries.map(e => directoryEntryPayload(e, ref, links)));
      return;
    }
    const content = await repo.readBlob(entry.sha);
    const accept = String(req.headers.accept ?? '');
    if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
      res.setHeader('Content-Type', 'application/vnd.github.raw');
      res.send(content);
      return;
    }
    res.json(fileContentPayload(path, entry.sha, content, ref, links));
  };
  route('get', `${repoPath}/contents`, getContents);
  route('get', `${repoPath}/contents/*`, getContents);

  route('put', `${repoPath}/contents/*`, async (req, res) => {
    const path = String(req.params[0] ?? '').replace(/^\/+|\/+$/g, '');
    const body = parse(schemas.putContents, 'Content', req.body);
    const branch = body.branch ?? DEFAULT_BRANCH;
    const head = await repo.branchHead(branch);
    if (!head) throw githubError(404, `Branch ${branch} not found`);
    const existing = await repo.entryAt(head, path);
    if (existing && existing.type !== 'blob') {
      throw githubError(422, `${path} is a directory`);
    }
    if (existing && !body.sha) {
      throw githubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    }
    if (existing && body.sha !== existing.sha) {
      throw githubError(409, `${path} does not match ${body.sha}`);
    }
    const blob = await repo.writeBlob(Buffer.from(body.content, 'base64'));
    const headCommit = (await repo.getCommit(head))!;
    const tree = await repo.writeTree(headCommit.tree, [
      { path, mode: '100644', sha: blob },
    ]);
    const author = body.author
      ? {
          ...body.author,
          date: body.author.date ?? signatureOf(BOT_LOGIN).date,
        }
      : signatureOf(BOT_LOGIN);
    const committer = body.committer
      ? { ...body.committer, date: body.committer.date ?? author.date }
      : author;
    const sha = await repo.commitTree({
      tree,
      parents: [head],
      message: body.message,
      author,
      committer,
    });
    await repo.updateBranch(branch, sha, false).catch((error: unknown) => {
      if (error instanceof RefConflictError) {
        throw githubError(409, `${branch} moved while committing; try again`);
      }
      throw error;
    });
    const content = await repo.readBlob(blob);
    res.status(existing ? 200 : 201).json({
      content: fileContentPayload(path, blob, content, branch, links),
      commit: gitCommitPayload((await repo.getCommit(sha))!, links),
    });
  });

  const pullNumber = (req: Request): number => {
    const number = Number(req.params.number);
    if (!Number.isInteger(number) || number < 1)
      throw githubError(404, 'Not Found');
    return number;
  };

  route('get', `${repoPath}/pulls`, async (req, res) => {
    const state = String(req.query.state ?? 'open');
    if (!['open', 'closed', 'all'].includes(state)) {
      throw validationFailed([
        { resource: 'PullRequest', field: 'state', code: 'invalid' },
      ]);
    }
    const head =
      typeof req.query.head === 'string'
        ? PullRequestService.headBranch(req.query.head)
        : undefined;
    const base =
      typeof req.query.base === 'string' ? req.query.base : undefined;
    const perPage = Math.min(
      100,
      Math.max(1, Number(req.query.per_page) || 30),
    );
    const page = Math.max(1, Number(req.query.page) || 1);
    let list = pulls.store
      .list()
      .filter(p => state === 'all' || p.state === state)
      .filter(p => head === undefined || p.headRef === head)
      .filter(p => base === undefined || p.baseRef === base);
    if (req.query.direction === 'asc') list = list.reverse();
    const items = list.slice((page - 1) * perPage, page * perPage);
    res.json(await Promise.all(items.map(p => pulls.payload(p, false))));
  });

  route('post', `${repoPath}/pulls`, async (req, res) => {
    const body = parse(schemas.createPull, 'PullRequest', req.body);
    const pull = await pulls.create({
      title: body.title,
      head: body.head,
      base: body.base,
      body: body.body ?? '',
      user: BOT_LOGIN,
    });
    res
      .status(201)
      .setHeader('Location', `${links.repoApi}/pulls/${pull.number}`)
      .json(await pulls.payload(pull));
  });

  route('get', `${repoPath}/pulls/:number`, async (req, res) => {
    res.json(await pulls.payload(pulls.get(pullNumber(req))));
  });

  route('patch', `${repoPath}/pulls/:number`, async (req, res) => {
    const body = parse(schemas.updatePull, 'PullRequest', req.body);
    const pull = await pulls.update(pullNumber(req), {
      title: body.title,
      body: body.body ?? undefined,
      state: body.state,
      base: body.base,
    });
    res.json(await pulls.payload(pull));
  });

  route('get', `${repoPath}/pulls/:number/merge`, (req, res) => {
    const pull = pulls.get(pullNumber(req));
    if (!pull.merged) throw githubError(404, 'Not Found');
    res.status(204).end();
  });

  route('put', `${repoPath}/pulls/:number/merge`, async (req, res) => {
    const body = parse(schemas.merge, 'PullRequest', req.body);
    if (body.merge_method && body.merge_method !== 'merge') {
      throw githubError(
        405,
        `${
          body.merge_method === 'squash' ? 'Squash' : 'Rebase'
        } merges are not allowed on this repository.`,
      );
    }
    const pull = await pulls.merge(pullNumber(req), {
      sha: body.sha,
      user: BOT_LOGIN,
      commitTitle: body.commit_title,
      commitMessage: body.commit_message,
    });
    res.json({
      sha: pull.mergeCommitSha,
      merged: true,
      message: 'Pull Request successfully merged',
    });
  });

  route('get', `${repoPath}/pulls/:number/files`, async (req, res) => {
    const pull = pulls.get(pullNumber(req));
    const head = await pulls.headSha(pull);
    const files = await repo.changedFiles(pull.baseSha, head, true);
    res.json(
      files.map(f => ({
        filename: f.path,
        status: f.status,
        additions: f.additions,
        deletions: f.deletions,
        changes: f.additions + f.deletions,
        blob_url: `${links.repoHtml}/blob/${head}/${f.path}`,
        raw_url: `${links.repoHtml}/raw/${head}/${f.path}`,
      })),
    );
  });

  route('get', `${repoPath}/pulls/:number/commits`, async (req, res) => {
    const pull = pulls.get(pullNumber(req));
    const head = await pulls.headSha(pull);
    const commits = await repo.log({ ref: `${pull.baseSha}..${head}` });
    res.json(commits.reverse().map(c => commitPayload(c, links)));
  });

  route(
    'post',
    `${repoPath}/pulls/:number/requested_reviewers`,
    async (req, res) => {
      const body = parse(schemas.reviewers, 'PullRequest', req.body);
      const pull = await pulls.requestReviewers(pullNumber(req), [
        ...body.reviewers,
        ...body.team_reviewers,
      ]);
      res.status(201).json(await pulls.payload(pull));
    },
  );

  route('post', `${repoPath}/issues/:number/labels`, async (req, res) => {
    const body = parse(schemas.labels, 'Label', req.body);
    const names = (Array.isArray(body) ? body : body.labels).map(l =>
      typeof l === 'string' ? l : l.name,
    );
    const pull = await pulls.addLabels(pullNumber(req), names);
    res.json(pull.labels.map(l => labelPayload(l, links)));
  });

  route('get', `${repoPath}/issues/:number/labels`, (req, res) => {
    res.json(
      pulls.get(pullNumber(req)).labels.map(l => labelPayload(l, links)),
    );
  });

  const commentPayload = (
    number: number,
    c: { id: number; body: string; user: string; createdAt: string },
  ) => ({
    id: c.id,
    body: c.body,
    user: userPayload(c.user, links),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: `${links.repoHtml}/pull/${number}#issuecomment-${c.id}`,
    issue_url: `${links.repoApi}/issues/${number}`,
  });

  route('post', `${repoPath}/issues/:number/comments`, async (req, res) => {
    const body = parse(schemas.comment, 'IssueComment', req.body);
    const number = pullNumber(req);
    const comment = await pulls.comment(number, body.body, BOT_LOGIN);
    res.status(201).json(commentPayload(number, comment));
  });

  route('get', `${repoPath}/issues/:number/comments`, (req, res) => {
    const number = pullNumber(req);
    res.json(pulls.get(number).comments.map(c => commentPayload(number, c)));
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).json({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
    });
  });

  router.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof HttpError) {
        res.status(error.status).json(error.body ?? { message: error.message });
        return;
      }
      if ((error as { type?: string })?.type === 'entity.parse.failed') {
        res.status(400).json({ message: 'Problems parsing JSON' });
        return;
      }
      res
        .status(500)
        .json({ message: (error as Error)?.message ?? 'Server Error' });
    },
  );

  return router;
}
