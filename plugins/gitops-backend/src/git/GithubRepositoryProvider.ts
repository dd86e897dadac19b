import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  CommitFilesOptions,
  CreatePullRequestOptions,
  GitOpsRepositoryProvider,
  RepositoryCommit,
  RepositoryFile,
  RepositoryPullRequest,
  RepositoryTree,
} from '@gitops-portal/plugin-gitops-node';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { GitProviderError, hostStatusOf } from './GitProviderError';
import { nullIfNotFound, requireBranchAt } from './hostResponses';
import { redact } from '../service/redact';
import { encodePath, type ParsedRepositoryUrl } from './repositoryUrl';

// The plugins' typings name @octokit/core 5 while another copy may be hoisted; they are the
// plugins @octokit/rest 20 is made for.
type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];
const GitHubOctokit = Octokit.plugin(
  retry as unknown as OctokitPlugin,
  throttling as unknown as OctokitPlugin,
);

/** Files bigger than this are not read (the contents API stops inlining at 1 MB anyway). */
const MAX_FILE_BYTES = 1024 * 1024;
/** Most files listed under one folder. */
const MAX_LISTED_FILES = 2000;

/**
 * Options of {@link GithubRepositoryProvider}.
 *
 * @public
 */
export interface GithubRepositoryProviderOptions {
  repository: ParsedRepositoryUrl;
  /** Web URL of the repository, for links. */
  webUrl: string;
  /** REST API base, `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiBaseUrl: string;
  /**
   * Headers that authenticate one call (a token or a GitHub App installation token), asked
   * for before every call so that expiring App tokens are renewed.
   */
  getAuthHeaders: () => Promise<Record<string, string>>;
  logger?: LoggerService;
  /** Retries of a failed or rate-limited call. Default 3. */
  maxRetries?: number;
  /** A rate limit that resets later than this is not waited for. Default 60 seconds. */
  maxRateLimitWaitSeconds?: number;
  /**
   * Least time between two writes (GitHub asks for one second, to stay clear of secondary
   * rate limits; writes that notify people, like opening a pull request, are spaced three
   * times as much, as octokit does). Default 1000 ms.
   */
  minWriteIntervalMs?: number;
  /** Milliseconds in one second of a retry delay; tests shorten it. Default 1000. */
  retryTimeUnitMs?: number;
}

interface GithubPull {
  number: number;
  html_url: string;
  state: string;
  title: string;
  merged?: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { ref: string };
  base: { ref: string };
}

function pullRequestState(
  merged: boolean,
  state: string,
): RepositoryPullRequest['state'] {
  if (merged) return 'merged';
  return state === 'open' ? 'open' : 'closed';
}

/**
 * Seconds a 429 asks to wait: `Retry-After`, else until `x-ratelimit-reset` when nothing
 * remains, else the minute GitHub's documentation asks for.
 */
function tooManyRequestsWait(error: unknown): number {
  const headers =
    (error as { response?: { headers?: Record<string, string | undefined> } })
      ?.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) {
    return Math.max(0, Math.ceil(reset - Date.now() / 1000) + 1);
  }
  return 60;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

function hostMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } })?.response?.data as
    | { message?: string; errors?: Array<{ message?: string }> }
    | undefined;
  const details = (data?.errors ?? [])
    .map(e => e?.message)
    .filter(Boolean)
    .join('; ');
  const base = data?.message ?? (error as Error)?.message ?? String(error);
  return details ? `${base}: ${details}` : base;
}

/**
 * The GitOps repository on github.com or GitHub Enterprise, through its REST API (octokit with
 * the retry and throttling plugins: rate limits are waited for when they reset soon, other
 * transient failures are retried a bounded number of times).
 *
 * Commits are made with the Git data API (tree, commit, then a fast-forward-only ref update),
 * so a branch that moved since it was read is a conflict, never a lost update.
 *
 * @public
 */
export class GithubRepositoryProvider implements GitOpsRepositoryProvider {
  readonly type = 'github';
  readonly webUrl: string;
  private readonly octokit: InstanceType<typeof GitHubOctokit>;
  private readonly repo: string;
  private readonly owner: string;
  private readonly logger?: LoggerService;
  /**
   * The credentials sent lately (App tokens rotate), scrubbed from every message: hosts and
   * proxies have been known to echo what they were sent.
   */
  private readonly sentCredentials = new Set<string>();
  private readonly maxRetries: number;
  private readonly maxWaitSeconds: number;
  private readonly retryTimeUnitMs: number;

  constructor(options: GithubRepositoryProviderOptions) {
    this.webUrl = options.webUrl;
    this.owner = options.repository.owner;
    this.repo = options.repository.name;
    this.logger = options.logger;
    const maxRetries = options.maxRetries ?? 3;
    const maxWait = options.maxRateLimitWaitSeconds ?? 60;
    this.maxRetries = maxRetries;
    this.maxWaitSeconds = maxWait;
    this.retryTimeUnitMs = options.retryTimeUnitMs ?? 1000;
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        const wait = retryAfter <= maxWait && retryCount < maxRetries;
        this.logger?.warn(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}; ${
            wait ? `retrying in ${retryAfter}s` : 'giving up'
          }`,
        );
        return wait;
      };
    this.octokit = new GitHubOctokit({
      baseUrl: options.apiBaseUrl.replace(/\/+$/, ''),
      userAgent: 'backstage-gitops-portal',
      retry: {
        retries: maxRetries,
        // 429 is a rate limit (GitHub answers secondary limits with 403 or 429): waited for
        // as it asks, in call(), which the throttling plugin does for 403 only.
        doNotRetry: [400, 401, 403, 404, 405, 409, 422, 429],
        retryAfterBaseValue: options.retryTimeUnitMs ?? 1000,
      },
      throttle: {
        // One queue of writes per repository, spaced as GitHub asks.
        write: new Bottleneck.Group({
          maxConcurrent: 1,
          minTime: options.minWriteIntervalMs ?? 1000,
        }),
        notifications: new Bottleneck.Group({
          maxConcurrent: 1,
          minTime: 3 * (options.minWriteIntervalMs ?? 1000),
        }),
        retryAfterBaseValue: options.retryTimeUnitMs ?? 1000,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    });
    this.octokit.hook.before('request', async request => {
      const headers = await options.getAuthHeaders();
      for (const value of Object.values(headers)) {
        this.rememberCredential(String(value));
      }
      Object.assign(request.headers, headers);
    });
  }

  private rememberCredential(header: string): void {
    const credential = header.replace(/^\S+\s+/, '');
    if (credential.length < 8 || this.sentCredentials.has(credential)) return;
    this.sentCredentials.add(credential);
    if (this.sentCredentials.size > 20) {
      const [oldest] = this.sentCredentials;
      this.sentCredentials.delete(oldest);
    }
  }

  /** The text without any credential this provider sent. */
  private scrub(text: string): string {
    return redact(text, this.sentCredentials);
  }

  private path(rest: string): string {
    return `/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(
      this.repo,
    )}${rest}`;
  }

  private async call<T>(
    what: string,
    method: string,
    url: string,
    params: Record<string, unknown> = {},
    attempt = 0,
  ): Promise<T> {
    try {
      const response = await this.octokit.request({
        method,
        url: this.path(url),
        ...params,
      } as never);
      return (response as { data: T }).data;
    } catch (error) {
      const status = statusOf(error);
      if (status === 429) {
        const wait = tooManyRequestsWait(error);
        const again = wait <= this.maxWaitSeconds && attempt < this.maxRetries;
        this.logger?.warn(
          `GitHub rate limit (429) on ${method} ${url}; ${
            again ? `retrying in ${wait}s` : 'giving up'
          }`,
        );
        if (again) {
          await new Promise(resolve =>
            setTimeout(resolve, wait * this.retryTimeUnitMs),
          );
          return this.call<T>(what, method, url, params, attempt + 1);
        }
      }
      throw new GitProviderError(
        `GitHub could not ${what}${status ? ` (${status})` : ''}: ${this.scrub(
          hostMessage(error),
        )}`,
        status,
      );
    }
  }

  private async callOrNull<T>(
    what: string,
    method: string,
    url: string,
    params?: Record<string, unknown>,
  ): Promise<T | null> {
    return nullIfNotFound(this.call<T>(what, method, url, params));
  }

  async getBranchHead(branch: string): Promise<string | null> {
    const ref = await this.callOrNull<{ object: { sha: string } }>(
      `read branch ${branch}`,
      'GET',
      `/git/ref/heads/${encodePath(branch)}`,
    );
    return ref?.object.sha ?? null;
  }

  async readFile(path: string, ref: string): Promise<RepositoryFile | null> {
    const data = await this.callOrNull<
      | {
          type: string;
          encoding?: string;
          content?: string;
          sha: string;
          size: number;
        }
      | unknown[]
    >(`read ${path}`, 'GET', `/contents/${encodePath(path)}`, { ref });
    if (!data || Array.isArray(data) || data.type !== 'file') return null;
    if (data.size > MAX_FILE_BYTES || data.encoding !== 'base64') {
      throw new GitProviderError(
        `${path} is too large to read through the API`,
      );
    }
    return {
      path,
      content: Buffer.from(data.content ?? '', 'base64').toString('utf8'),
      sha: data.sha,
    };
  }

  async listFiles(folder: string, ref: string): Promise<string[]> {
    const files: string[] = [];
    const walk = async (path: string, depth: number): Promise<void> => {
      const entries = await this.callOrNull<
        Array<{ type: string; path: string }> | { type: string }
      >(`list ${path}`, 'GET', `/contents/${encodePath(path)}`, { ref });
      if (!entries || !Array.isArray(entries)) return;
      for (const entry of entries) {
        if (files.length >= MAX_LISTED_FILES) return;
        if (entry.type === 'file') files.push(entry.path);
        else if (entry.type === 'dir' && depth < 6)
          await walk(entry.path, depth + 1);
      }
    };
    await walk(folder.replace(/\/+$/, ''), 0);
    return files.sort();
  }

  async listTree(folder: string, ref: string): Promise<RepositoryTree> {
    // One read of the whole tree of the commit (GitHub cuts it at 100,000 entries or 7 MB and
    // says so with `truncated`), narrowed to the folder here.
    const data = await this.callOrNull<{
      truncated?: boolean;
      tree: Array<{ path: string; type: string; sha: string }>;
    }>(`list the tree of ${ref}`, 'GET', `/git/trees/${encodePath(ref)}`, {
      recursive: 1,
    });
    const prefix = folder.replace(/^\/+|\/+$/g, '');
    const under = prefix ? `${prefix}/` : '';
    return {
      files: (data?.tree ?? [])
        .filter(e => e.type === 'blob' && e.path.startsWith(under))
        .map(e => ({ path: e.path, sha: e.sha })),
      truncated: data?.truncated ?? false,
    };
  }

  async listCommits(
    path: string,
    options: { ref: string; page: number; perPage: number },
  ): Promise<RepositoryCommit[]> {
    const commits = await this.call<
      Array<{
        sha: string;
        commit: {
          message: string;
          author: { name?: string; date?: string } | null;
          committer: { name?: string; date?: string } | null;
        };
        author?: { login?: string } | null;
        parents: Array<{ sha: string }>;
      }>
    >(`list the commits of ${path}`, 'GET', '/commits', {
      sha: options.ref,
      path,
      page: options.page,
      per_page: options.perPage,
    });
    return commits.map(c => ({
      sha: c.sha,
      author: c.commit.author?.name ?? c.author?.login ?? 'unknown',
      committedAt: c.commit.committer?.date ?? c.commit.author?.date ?? '',
      message: c.commit.message,
      parents: c.parents.map(p => p.sha),
    }));
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    try {
      await this.call(`create branch ${branch}`, 'POST', '/git/refs', {
        ref: `refs/heads/${branch}`,
        sha,
      });
    } catch (error) {
      if (hostStatusOf(error) === 422) {
        throw new ConflictError(`Branch ${branch} already exists`);
      }
      throw error;
    }
  }

  async deleteBranch(branch: string): Promise<void> {
    try {
      await this.call(
        `delete branch ${branch}`,
        'DELETE',
        `/git/refs/heads/${encodePath(branch)}`,
      );
    } catch (error) {
      const status = hostStatusOf(error);
      if (status === 404 || status === 422) return; // already gone
      throw error;
    }
  }

  async commitFiles(options: CommitFilesOptions): Promise<{ sha: string }> {
    await requireBranchAt(this, options.branch, options.parentSha);
    const parent = await this.call<{ tree: { sha: string } }>(
      `read commit ${options.parentSha}`,
      'GET',
      `/git/commits/${options.parentSha}`,
    );
    const tree = await this.call<{ sha: string }>(
      'create a tree',
      'POST',
      '/git/trees',
      {
        base_tree: parent.tree.sha,
        tree: options.files.map(f => ({
          path: f.path,
          mode: '100644',
          type: 'blob',
          content: f.content,
        })),
      },
    );
    const commit = await this.call<{ sha: string }>(
      'create a commit',
      'POST',
      '/git/commits',
      {
        message: options.message,
        tree: tree.sha,
        parents: [options.parentSha],
      },
    );
    try {
      // Not forced: GitHub refuses unless the branch is still at the parent.
      await this.call(
        `update branch ${options.branch}`,
        'PATCH',
        `/git/refs/heads/${encodePath(options.branch)}`,
        { sha: commit.sha, force: false },
      );
    } catch (error) {
      if (hostStatusOf(error) === 422) {
        throw new ConflictError(
          `Branch ${options.branch} moved while the change was being written`,
        );
      }
      throw error;
    }
    return { sha: commit.sha };
  }

  private toPullRequest(pr: GithubPull): RepositoryPullRequest {
    const merged = Boolean(pr.merged || pr.merged_at);
    return {
      number: pr.number,
      url: pr.html_url,
      state: pullRequestState(merged, pr.state),
      headBranch: pr.head.ref,
      baseBranch: pr.base.ref,
      title: pr.title,
      mergeCommitSha: merged ? pr.merge_commit_sha : null,
      mergedAt: pr.merged_at,
    };
  }

  async findPullRequest(
    headBranch: string,
    state: 'open' | 'all',
  ): Promise<RepositoryPullRequest | null> {
    const pulls = await this.call<GithubPull[]>(
      `list pull requests of ${headBranch}`,
      'GET',
      '/pulls',
      { state, head: `${this.owner}:${headBranch}`, per_page: 20 },
    );
    const mine = pulls
      .filter(p => p.head.ref === headBranch)
      .map(p => this.toPullRequest(p));
    return mine.find(p => p.state === 'open') ?? mine[0] ?? null;
  }

  async createPullRequest(
    options: CreatePullRequestOptions,
  ): Promise<RepositoryPullRequest> {
    let pr: GithubPull;
    try {
      pr = await this.call<GithubPull>(
        'open a pull request',
        'POST',
        '/pulls',
        {
          title: options.title,
          head: options.headBranch,
          base: options.baseBranch,
          body: options.body,
        },
      );
    } catch (error) {
      if (
        hostStatusOf(error) === 422 &&
        /already exists/i.test((error as Error).message)
      ) {
        throw new ConflictError(
          `A pull request already exists for ${options.headBranch}`,
        );
      }
      throw error;
    }
    if (options.labels.length > 0) {
      try {
        await this.call(
          `label pull request #${pr.number}`,
          'POST',
          `/issues/${pr.number}/labels`,
          {
            labels: options.labels,
          },
        );
      } catch (error) {
        // The pull request exists and is what matters; labels are a convenience.
        this.logger?.warn(`${(error as Error).message}`);
      }
    }
    return this.toPullRequest(pr);
  }

  async getPullRequest(number: number): Promise<RepositoryPullRequest> {
    return this.toPullRequest(
      await this.call<GithubPull>(
        `read pull request #${number}`,
        'GET',
        `/pulls/${number}`,
      ),
    );
  }

  async mergePullRequest(number: number): Promise<{ sha: string }> {
    try {
      const result = await this.call<{ sha: string }>(
        `merge pull request #${number}`,
        'PUT',
        `/pulls/${number}/merge`,
        {},
      );
      return { sha: result.sha };
    } catch (error) {
      const status = hostStatusOf(error);
      if (status === 405 || status === 409) {
        throw new ConflictError((error as Error).message);
      }
      throw error;
    }
  }
}
