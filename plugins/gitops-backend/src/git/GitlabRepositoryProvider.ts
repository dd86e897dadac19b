import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Gitlab } from '@gitbeaker/rest';
import type {
  CommitFilesOptions,
  CreatePullRequestOptions,
  GitOpsRepositoryProvider,
  RepositoryCommit,
  RepositoryFile,
  RepositoryPullRequest,
  RepositoryTree,
} from '@gitops-portal/plugin-gitops-node';
import { GitProviderError, hostStatusOf } from './GitProviderError';
import { nullIfNotFound, requireBranchAt } from './hostResponses';
import { redact } from '../service/redact';
import type { ParsedRepositoryUrl } from './repositoryUrl';

/**
 * Options of {@link GitlabRepositoryProvider}.
 *
 * @public
 */
export interface GitlabRepositoryProviderOptions {
  repository: ParsedRepositoryUrl;
  webUrl: string;
  /** Base URL of the GitLab instance (`https://gitlab.com`), without `/api/v4`. */
  baseUrl: string;
  /** Token of the GitLab integration. */
  token: string;
  logger?: LoggerService;
  /** Timeout of one call, in milliseconds. Default 30000. */
  timeoutMs?: number;
}

interface GitlabMergeRequest {
  iid: number;
  web_url: string;
  state: string;
  title: string;
  source_branch: string;
  target_branch: string;
  merge_commit_sha?: string | null;
  squash_commit_sha?: string | null;
  sha?: string;
  merged_at?: string | null;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { cause?: { response?: { status?: unknown } } })
    ?.cause?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function descriptionOf(error: unknown): string {
  const cause = (error as { cause?: { description?: unknown } })?.cause;
  if (typeof cause?.description === 'string' && cause.description) {
    return cause.description;
  }
  return (error as Error)?.message ?? String(error);
}

/**
 * The GitOps repository on GitLab (gitlab.com or self-managed), through `@gitbeaker/rest`
 * with the GitLab integration's token. Changes are merge requests.
 *
 * Commits are made with the commits API; every updated file carries the last commit that
 * changed it at the parent (`last_commit_id`), so GitLab refuses the commit when the file
 * changed since it was read.
 *
 * @public
 */
export class GitlabRepositoryProvider implements GitOpsRepositoryProvider {
  readonly type = 'gitlab';
  readonly webUrl: string;
  private readonly api: InstanceType<typeof Gitlab>;
  private readonly project: string;
  private readonly logger?: LoggerService;
  /** Scrubbed from every message, whatever its format: hosts have echoed tokens. */
  private readonly token: string;

  constructor(options: GitlabRepositoryProviderOptions) {
    this.webUrl = options.webUrl;
    this.token = options.token;
    this.project = options.repository.fullName;
    this.logger = options.logger;
    this.api = new Gitlab({
      host: options.baseUrl.replace(/\/+$/, ''),
      token: options.token,
      queryTimeout: options.timeoutMs ?? 30_000,
    });
  }

  private async call<T>(what: string, fn: () => Promise<unknown>): Promise<T> {
    try {
      return (await fn()) as T;
    } catch (error) {
      const status = statusOf(error);
      throw new GitProviderError(
        `GitLab could not ${what}${status ? ` (${status})` : ''}: ${redact(
          descriptionOf(error),
          [this.token],
        )}`,
        status,
      );
    }
  }

  private async callOrNull<T>(
    what: string,
    fn: () => Promise<unknown>,
  ): Promise<T | null> {
    return nullIfNotFound(this.call<T>(what, fn));
  }

  async getBranchHead(branch: string): Promise<string | null> {
    const found = await this.callOrNull<{ commit: { id: string } }>(
      `read branch ${branch}`,
      () => this.api.Branches.show(this.project, branch),
    );
    return found?.commit.id ?? null;
  }

  async readFile(path: string, ref: string): Promise<RepositoryFile | null> {
    const file = await this.callOrNull<{
      content: string;
      encoding: string;
      blob_id: string;
    }>(`read ${path}`, () =>
      this.api.RepositoryFiles.show(this.project, path, ref),
    );
    if (!file) return null;
    const content =
      file.encoding === 'base64'
        ? Buffer.from(file.content, 'base64').toString('utf8')
        : file.content;
    return { path, content, sha: file.blob_id };
  }

  async listFiles(folder: string, ref: string): Promise<string[]> {
    const entries = await this.callOrNull<
      Array<{ type: string; path: string }>
    >(`list ${folder}`, () =>
      this.api.Repositories.allRepositoryTrees(this.project, {
        path: folder.replace(/\/+$/, ''),
        ref,
        recursive: true,
        perPage: 100,
        maxPages: 20,
      }),
    );
    return (entries ?? [])
      .filter(e => e.type === 'blob')
      .map(e => e.path)
      .sort();
  }

  async listTree(folder: string, ref: string): Promise<RepositoryTree> {
    // GitLab pages trees by 100 entries: a listing that fills every page may be cut short.
    const perPage = 100;
    const maxPages = 10;
    const entries = await this.callOrNull<
      Array<{ type: string; path: string; id: string }>
    >(`list ${folder}`, () =>
      this.api.Repositories.allRepositoryTrees(this.project, {
        path: folder.replace(/^\/+|\/+$/g, ''),
        ref,
        recursive: true,
        perPage,
        maxPages,
      }),
    );
    return {
      files: (entries ?? [])
        .filter(e => e.type === 'blob')
        .map(e => ({ path: e.path, sha: e.id })),
      truncated: (entries?.length ?? 0) >= perPage * maxPages,
    };
  }

  async listCommits(
    path: string,
    options: { ref: string; page: number; perPage: number },
  ): Promise<RepositoryCommit[]> {
    const commits = await this.call<
      Array<{
        id: string;
        message: string;
        author_name: string;
        committed_date: string;
        parent_ids?: string[];
      }>
    >(`list the commits of ${path}`, () =>
      this.api.Commits.all(this.project, {
        refName: options.ref,
        path,
        page: options.page,
        perPage: options.perPage,
        maxPages: 1,
      }),
    );
    return commits.map(c => ({
      sha: c.id,
      author: c.author_name,
      committedAt: c.committed_date,
      message: c.message,
      parents: c.parent_ids ?? [],
    }));
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    try {
      await this.call(`create branch ${branch}`, () =>
        this.api.Branches.create(this.project, branch, sha),
      );
    } catch (error) {
      if (
        hostStatusOf(error) === 400 &&
        /already exists/i.test((error as Error).message)
      ) {
        throw new ConflictError(`Branch ${branch} already exists`);
      }
      throw error;
    }
  }

  async deleteBranch(branch: string): Promise<void> {
    try {
      await this.call(`delete branch ${branch}`, () =>
        this.api.Branches.remove(this.project, branch),
      );
    } catch (error) {
      if (hostStatusOf(error) === 404) return;
      throw error;
    }
  }

  async commitFiles(options: CommitFilesOptions): Promise<{ sha: string }> {
    await requireBranchAt(this, options.branch, options.parentSha);
    const actions = await Promise.all(
      options.files.map(async file => {
        const [last] = await this.listCommits(file.path, {
          ref: options.parentSha,
          page: 1,
          perPage: 1,
        });
        return last
          ? {
              action: 'update' as const,
              filePath: file.path,
              content: file.content,
              lastCommitId: last.sha,
            }
          : {
              action: 'create' as const,
              filePath: file.path,
              content: file.content,
            };
      }),
    );
    try {
      const commit = await this.call<{ id: string }>('create a commit', () =>
        this.api.Commits.create(
          this.project,
          options.branch,
          options.message,
          actions,
        ),
      );
      return { sha: commit.id };
    } catch (error) {
      const status = hostStatusOf(error);
      if (status === 400 || status === 409) {
        // "A file with this name already exists", "You are attempting to update a file that has changed since you started editing it."
        throw new ConflictError(
          `A file changed on ${
            options.branch
          } while the change was being written: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  private toPullRequest(mr: GitlabMergeRequest): RepositoryPullRequest {
    const states: Record<string, RepositoryPullRequest['state']> = {
      merged: 'merged',
      opened: 'open',
    };
    const state = states[mr.state] ?? 'closed';
    return {
      number: mr.iid,
      url: mr.web_url,
      state,
      headBranch: mr.source_branch,
      baseBranch: mr.target_branch,
      title: mr.title,
      mergeCommitSha:
        state === 'merged'
          ? mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.sha ?? null
          : null,
      mergedAt: mr.merged_at ?? null,
    };
  }

  async findPullRequest(
    headBranch: string,
    state: 'open' | 'all',
  ): Promise<RepositoryPullRequest | null> {
    const mrs = await this.call<GitlabMergeRequest[]>(
      `list merge requests of ${headBranch}`,
      () =>
        this.api.MergeRequests.all({
          projectId: this.project,
          sourceBranch: headBranch,
          ...(state === 'open' ? { state: 'opened' as const } : {}),
          orderBy: 'created_at',
          sort: 'desc',
          perPage: 20,
          maxPages: 1,
        }),
    );
    const mine = mrs
      .filter(m => m.source_branch === headBranch)
      .map(m => this.toPullRequest(m));
    return mine.find(m => m.state === 'open') ?? mine[0] ?? null;
  }

  async createPullRequest(
    options: CreatePullRequestOptions,
  ): Promise<RepositoryPullRequest> {
    try {
      const mr = await this.call<GitlabMergeRequest>(
        'open a merge request',
        () =>
          this.api.MergeRequests.create(
            this.project,
            options.headBranch,
            options.baseBranch,
            options.title,
            { description: options.body, labels: options.labels.join(',') },
          ),
      );
      return this.toPullRequest(mr);
    } catch (error) {
      if (hostStatusOf(error) === 409) {
        throw new ConflictError(
          `A merge request already exists for ${options.headBranch}`,
        );
      }
      throw error;
    }
  }

  async getPullRequest(number: number): Promise<RepositoryPullRequest> {
    return this.toPullRequest(
      await this.call<GitlabMergeRequest>(`read merge request !${number}`, () =>
        this.api.MergeRequests.show(this.project, number),
      ),
    );
  }

  async mergePullRequest(number: number): Promise<{ sha: string }> {
    try {
      const mr = await this.call<GitlabMergeRequest>(
        `merge merge request !${number}`,
        () => this.api.MergeRequests.accept(this.project, number),
      );
      const merged = this.toPullRequest(mr);
      return { sha: merged.mergeCommitSha ?? mr.sha ?? '' };
    } catch (error) {
      const status = hostStatusOf(error);
      if (
        status === 405 ||
        status === 406 ||
        status === 409 ||
        status === 422
      ) {
        this.logger?.warn((error as Error).message);
        throw new ConflictError((error as Error).message);
      }
      throw error;
    }
  }
}
