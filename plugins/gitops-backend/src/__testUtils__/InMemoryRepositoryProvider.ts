import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  CommitFilesOptions,
  CreatePullRequestOptions,
  GitOpsRepositoryProvider,
  RepositoryCommit,
  RepositoryFile,
  RepositoryPullRequest,
  RepositoryTree,
} from '@gitops-portal/plugin-gitops-node';
import { createHash } from 'node:crypto';

/** The blob SHA of a content, as Git computes it. */
function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

interface Commit {
  sha: string;
  files: Map<string, string>;
  parents: string[];
  message: string;
  author: string;
  date: string;
  seq: number;
}

interface PullRequest extends RepositoryPullRequest {
  body: string;
  labels: string[];
  forkSha: string;
}

/**
 * A Git host in memory, for unit tests of code that uses a {@link GitOpsRepositoryProvider}:
 * commits with parents, branches that only move forward through `commitFiles`, pull requests
 * whose merge is a real merge commit (conflicting when both sides changed a file). Counts
 * calls per method.
 */
export class InMemoryRepositoryProvider implements GitOpsRepositoryProvider {
  readonly type = 'memory';
  readonly webUrl = 'https://git.example.com/acme/gitops';
  readonly calls: Record<string, number> = {};
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();
  readonly forkPoints = new Map<string, string>();
  readonly pulls: PullRequest[] = [];
  /** Set to make the next calls of a method fail. */
  readonly failures: Record<string, Error | undefined> = {};
  /** Called at the start of every call, e.g. to change the repository at the worst moment. */
  onCall?: (method: string) => void;
  private seq = 0;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(files: Record<string, string> = {}, branch = 'main') {
    const sha = this.addCommit(new Map(Object.entries(files)), [], 'initial');
    this.branches.set(branch, sha);
  }

  /** Commits files straight onto a branch (what a person pushing would do). */
  push(
    branch: string,
    files: Record<string, string | null>,
    message = 'change',
    author = 'someone',
  ): string {
    const parent = this.branches.get(branch)!;
    const tree = new Map(this.commits.get(parent)!.files);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) tree.delete(path);
      else tree.set(path, content);
    }
    const sha = this.addCommit(tree, [parent], message, author);
    this.branches.set(branch, sha);
    return sha;
  }

  fileAt(ref: string, path: string): string | undefined {
    const sha = this.branches.get(ref) ?? ref;
    return this.commits.get(sha)?.files.get(path);
  }

  private count(method: string) {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    this.onCall?.(method);
    const failure = this.failures[method];
    if (failure) throw failure;
  }

  private addCommit(
    files: Map<string, string>,
    parents: string[],
    message: string,
    author = 'portal',
  ): string {
    this.seq += 1;
    this.clock += 60_000;
    const sha = createHash('sha1')
      .update(`${this.seq}:${message}:${parents.join(',')}`)
      .digest('hex');
    this.commits.set(sha, {
      sha,
      files,
      parents,
      message,
      author,
      date: new Date(this.clock).toISOString(),
      seq: this.seq,
    });
    return sha;
  }

  private resolve(ref: string): Commit | undefined {
    return this.commits.get(this.branches.get(ref) ?? ref);
  }

  async getBranchHead(branch: string): Promise<string | null> {
    this.count('getBranchHead');
    return this.branches.get(branch) ?? null;
  }

  async readFile(path: string, ref: string): Promise<RepositoryFile | null> {
    this.count('readFile');
    const commit = this.resolve(ref);
    if (!commit) throw new NotFoundError(`No ref ${ref}`);
    const content = commit.files.get(path);
    if (content === undefined) return null;
    return { path, content, sha: blobSha(content) };
  }

  async listFiles(folder: string, ref: string): Promise<string[]> {
    this.count('listFiles');
    const commit = this.resolve(ref);
    if (!commit) throw new NotFoundError(`No ref ${ref}`);
    const prefix = `${folder.replace(/\/+$/, '')}/`;
    return [...commit.files.keys()].filter(p => p.startsWith(prefix)).sort();
  }

  /** Set to make `listTree` report a cut listing of at most this many files. */
  treeLimit?: number;

  async listTree(folder: string, ref: string): Promise<RepositoryTree> {
    this.count('listTree');
    const commit = this.resolve(ref);
    if (!commit) throw new NotFoundError(`No ref ${ref}`);
    const prefix = folder.replace(/^\/+|\/+$/g, '');
    const files = [...commit.files.entries()]
      .filter(([p]) => !prefix || p.startsWith(`${prefix}/`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, content]) => ({ path, sha: blobSha(content) }));
    const limit = this.treeLimit ?? Infinity;
    return { files: files.slice(0, limit), truncated: files.length > limit };
  }

  async listCommits(
    path: string,
    options: { ref: string; page: number; perPage: number },
  ): Promise<RepositoryCommit[]> {
    this.count('listCommits');
    const start = this.resolve(options.ref);
    if (!start) throw new NotFoundError(`No ref ${options.ref}`);
    const seen = new Set<string>();
    const queue = [start];
    const reachable: Commit[] = [];
    while (queue.length) {
      const c = queue.pop()!;
      if (seen.has(c.sha)) continue;
      seen.add(c.sha);
      reachable.push(c);
      for (const p of c.parents) queue.push(this.commits.get(p)!);
    }
    reachable.sort((a, b) => b.seq - a.seq);
    const touching = reachable.filter(c => {
      const mine = c.files.get(path);
      if (c.parents.length === 0) return mine !== undefined;
      // git log's default simplification: skip a commit identical to any parent for the path
      return c.parents.every(
        p => this.commits.get(p)!.files.get(path) !== mine,
      );
    });
    const from = (options.page - 1) * options.perPage;
    return touching.slice(from, from + options.perPage).map(c => ({
      sha: c.sha,
      author: c.author,
      committedAt: c.date,
      message: c.message,
      parents: c.parents,
    }));
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    this.count('createBranch');
    if (this.branches.has(branch)) {
      throw new ConflictError(`Branch ${branch} already exists`);
    }
    if (!this.commits.has(sha)) throw new NotFoundError(`No commit ${sha}`);
    this.branches.set(branch, sha);
    this.forkPoints.set(branch, sha);
  }

  async deleteBranch(branch: string): Promise<void> {
    this.count('deleteBranch');
    this.branches.delete(branch);
  }

  async commitFiles(options: CommitFilesOptions): Promise<{ sha: string }> {
    this.count('commitFiles');
    const head = this.branches.get(options.branch);
    if (!head) throw new NotFoundError(`No branch ${options.branch}`);
    if (head !== options.parentSha) {
      throw new ConflictError(
        `Branch ${options.branch} moved from ${options.parentSha} to ${head}`,
      );
    }
    const tree = new Map(this.commits.get(head)!.files);
    for (const f of options.files) tree.set(f.path, f.content);
    const sha = this.addCommit(tree, [head], options.message);
    this.branches.set(options.branch, sha);
    return { sha };
  }

  private view(pr: PullRequest): RepositoryPullRequest {
    const { body: _b, labels: _l, forkSha: _f, ...rest } = pr;
    return { ...rest };
  }

  async findPullRequest(
    headBranch: string,
    state: 'open' | 'all',
  ): Promise<RepositoryPullRequest | null> {
    this.count('findPullRequest');
    const candidates = this.pulls
      .filter(p => p.headBranch === headBranch)
      .filter(p => state === 'all' || p.state === 'open')
      .sort((a, b) => {
        if (a.state === 'open' && b.state !== 'open') return -1;
        if (b.state === 'open' && a.state !== 'open') return 1;
        return b.number - a.number;
      });
    return candidates[0] ? this.view(candidates[0]) : null;
  }

  async createPullRequest(
    options: CreatePullRequestOptions,
  ): Promise<RepositoryPullRequest> {
    this.count('createPullRequest');
    if (!this.branches.has(options.headBranch)) {
      throw new NotFoundError(`No branch ${options.headBranch}`);
    }
    if (
      this.pulls.some(
        p => p.headBranch === options.headBranch && p.state === 'open',
      )
    ) {
      throw new ConflictError(
        `A pull request already exists for ${options.headBranch}`,
      );
    }
    const number = this.pulls.length + 1;
    const pr: PullRequest = {
      number,
      url: `${this.webUrl}/pull/${number}`,
      state: 'open',
      headBranch: options.headBranch,
      baseBranch: options.baseBranch,
      title: options.title,
      mergeCommitSha: null,
      mergedAt: null,
      body: options.body,
      labels: [...options.labels],
      forkSha:
        this.forkPoints.get(options.headBranch) ??
        this.branches.get(options.baseBranch)!,
    };
    this.pulls.push(pr);
    return this.view(pr);
  }

  pull(number: number): PullRequest {
    const pr = this.pulls.find(p => p.number === number);
    if (!pr) throw new NotFoundError(`No pull request #${number}`);
    return pr;
  }

  async getPullRequest(number: number): Promise<RepositoryPullRequest> {
    this.count('getPullRequest');
    return this.view(this.pull(number));
  }

  /** Closes a pull request unmerged (what a reviewer would do). */
  close(number: number): void {
    this.pull(number).state = 'closed';
  }

  async mergePullRequest(number: number): Promise<{ sha: string }> {
    this.count('mergePullRequest');
    const pr = this.pull(number);
    if (pr.state !== 'open')
      throw new ConflictError('Pull request is not open');
    const base = this.commits.get(this.branches.get(pr.baseBranch)!)!;
    const head = this.commits.get(this.branches.get(pr.headBranch)!)!;
    const fork = this.commits.get(pr.forkSha)!;
    const tree = new Map(base.files);
    for (const [path, content] of head.files) {
      if (fork.files.get(path) === content) continue;
      if (base.files.get(path) !== fork.files.get(path)) {
        throw new ConflictError(`Merge conflict in ${path}`);
      }
      tree.set(path, content);
    }
    const sha = this.addCommit(
      tree,
      [base.sha, head.sha],
      `Merge pull request #${number} from acme/${pr.headBranch}`,
    );
    this.branches.set(pr.baseBranch, sha);
    pr.state = 'merged';
    pr.mergeCommitSha = sha;
    pr.mergedAt = this.commits.get(sha)!.date;
    return { sha };
  }
}
