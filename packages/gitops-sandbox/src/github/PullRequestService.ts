import { toKubeTime } from '../clock/Scheduler';
import { BOT_LOGIN, PEOPLE, REPO_OWNER } from '../demo';
import {
  GitRepository,
  GitSignature,
  RefConflictError,
} from '../git/GitRepository';
import { HttpError } from '../util/HttpError';
import { GitHubLinks, labelPayload, numericId, userPayload } from './payloads';
import { PullRequestStore, StoredPullRequest } from './PullRequestStore';

function mergeableState(state: string, mergeable: boolean | null): string {
  if (state !== 'open') return 'unknown';
  return mergeable ? 'clean' : 'dirty';
}

/** A GitHub "Validation Failed" (422) error. */
export function validationFailed(
  errors: Array<Record<string, unknown>>,
  message = 'Validation Failed',
): HttpError {
  return new HttpError(422, message, {
    message,
    errors,
    documentation_url:
      'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  });
}

/** A GitHub error with a message only. */
export function githubError(status: number, message: string): HttpError {
  return new HttpError(status, message, {
    message,
    documentation_url: 'https://docs.github.com/rest',
  });
}

/** The signature of a login making a commit now. */
export function signatureOf(login: string, date = new Date()): GitSignature {
  const person =
    login === BOT_LOGIN
      ? PEOPLE.bot
      : PEOPLE[login] ?? {
          name: login,
          email: `${login}@users.noreply.acme.example`,
        };
  return { ...person, date: toKubeTime(date.getTime()) };
}

/**
 * Pull requests of the sandbox repository: open, update, label, merge (a real `git merge
 * --no-ff` into the base branch) and close, shared by the REST API, the web pages and the
 * admin API.
 */
export class PullRequestService {
  private readonly mergeable = new Map<string, boolean>();

  constructor(
    private readonly repo: GitRepository,
    readonly store: PullRequestStore,
    private readonly links: GitHubLinks,
    private readonly onMerged: (pull: StoredPullRequest) => void = () => {},
  ) {}

  /** Parses `acme:branch` or `branch`; other owners (forks) are not in the sandbox. */
  static headBranch(head: string): string | null {
    const colon = head.indexOf(':');
    if (colon < 0) return head;
    return head.slice(0, colon) === REPO_OWNER ? head.slice(colon + 1) : null;
  }

  get(number: number): StoredPullRequest {
    const pull = this.store.get(number);
    if (!pull) {
      throw githubError(404, 'Not Found');
    }
    return pull;
  }

  async create(options: {
    title: string;
    head: string;
    base: string;
    body?: string;
    user: string;
    draft?: boolean;
  }): Promise<StoredPullRequest> {
    const headRef = PullRequestService.headBranch(options.head);
    if (!headRef) {
      throw validationFailed([
        { resource: 'PullRequest', field: 'head', code: 'invalid' },
      ]);
    }
    const headSha = await this.repo.branchHead(headRef);
    if (!headSha) {
      throw validationFailed([
        { resource: 'PullRequest', field: 'head', code: 'invalid' },
      ]);
    }
    const baseSha = await this.repo.branchHead(options.base);
    if (!baseSha) {
      throw validationFailed([
        { resource: 'PullRequest', field: 'base', code: 'invalid' },
      ]);
    }
    const existing = this.store
      .list()
      .find(
        p =>
          p.state === 'open' &&
          p.headRef === headRef &&
          p.baseRef === options.base,
      );
    if (existing) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${REPO_OWNER}:${headRef}.`,
        },
      ]);
    }
    if (await this.repo.isAncestor(headSha, baseSha)) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${options.base} and ${headRef}`,
        },
      ]);
    }
    const now = toKubeTime(Date.now());
    return this.store.create({
      title: options.title,
      body: options.body ?? '',
      user: options.user,
      labels: [],
      headRef,
      headSha,
      baseRef: options.base,
      baseSha,
      state: 'open',
      merged: false,
      mergeCommitSha: null,
      mergedBy: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
      requestedReviewers: [],
      comments: [],
    });
  }

  /** Title, body, base or state (`closed` closes, `open` reopens an unmerged one). */
  async update(
    number: number,
    patch: {
      title?: string;
      body?: string;
      state?: 'open' | 'closed';
      base?: string;
    },
  ): Promise<StoredPullRequest> {
    const pull = this.get(number);
    const changes: Partial<StoredPullRequest> = {
      updatedAt: toKubeTime(Date.now()),
    };
    if (patch.title !== undefined) changes.title = patch.title;
    if (patch.body !== undefined) changes.body = patch.body;
    if (patch.base !== undefined) {
      if (!(await this.repo.branchHead(patch.base))) {
        throw validationFailed([
          { resource: 'PullRequest', field: 'base', code: 'invalid' },
        ]);
      }
      changes.baseRef = patch.base;
    }
    if (patch.state === 'closed' && pull.state === 'open') {
      changes.state = 'closed';
      changes.closedAt = changes.updatedAt!;
      changes.headSha =
        (await this.repo.branchHead(pull.headRef)) ?? pull.headSha;
    } else if (patch.state === 'open' && pull.state === 'closed') {
      if (pull.merged) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            field: 'state',
            code: 'invalid',
            message:
              'state cannot be changed. The pull request has been merged.',
          },
        ]);
      }
      if (!(await this.repo.branchHead(pull.headRef))) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            field: 'state',
            code: 'invalid',
            message: 'state cannot be changed. The head branch was deleted.',
          },
        ]);
      }
      changes.state = 'open';
      changes.closedAt = null;
    }
    return this.store.update(number, changes);
  }

  /**
   * Merges with `git merge --no-ff` into the base branch; the message is GitHub's
   * (`Merge pull request #N from acme/<branch>` and the title). 405 when closed or conflicting,
   * 409 when `sha` is not the head.
   */
  async merge(
    number: number,
    options: {
      sha?: string;
      user: string;
      commitTitle?: string;
      commitMessage?: string;
    },
  ): Promise<StoredPullRequest> {
    const pull = this.get(number);
    if (pull.state !== 'open') {
      throw githubError(405, 'Pull Request is not mergeable');
    }
    const headSha = await this.repo.branchHead(pull.headRef);
    if (!headSha) {
      throw githubError(
        405,
        'Pull Request is not mergeable: the head branch was deleted',
      );
    }
    if (options.sha && options.sha !== headSha) {
      throw githubError(
        409,
        'Head branch was modified. Review and try the merge again.',
      );
    }
    const baseBefore = await this.repo.branchHead(pull.baseRef);
    let mergeSha: string;
    try {
      mergeSha = await this.repo.merge({
        base: pull.baseRef,
        headSha,
        message: `${
          options.commitTitle ??
          `Merge pull request #${pull.number} from ${REPO_OWNER}/${pull.headRef}`
        }\n\n${options.commitMessage ?? pull.title}`,
        author: signatureOf(options.user),
        committer: signatureOf('github'),
      });
    } catch (error) {
      if (error instanceof RefConflictError) {
        throw githubError(
          405,
          `Pull Request is not mergeable: ${error.message}`,
        );
      }
      throw error;
    }
    const now = toKubeTime(Date.now());
    const merged = await this.store.update(number, {
      state: 'closed',
      merged: true,
      mergeCommitSha: mergeSha,
      mergedBy: options.user,
      mergedAt: now,
      closedAt: now,
      updatedAt: now,
      headSha,
      baseSha: baseBefore ?? pull.baseSha,
    });
    this.onMerged(merged);
    return merged;
  }

  async addLabels(
    number: number,
    labels: string[],
  ): Promise<StoredPullRequest> {
    const pull = this.get(number);
    const all = [...pull.labels];
    for (const label of labels) {
      if (!all.includes(label)) all.push(label);
    }
    return this.store.update(number, {
      labels: all,
      updatedAt: toKubeTime(Date.now()),
    });
  }

  async requestReviewers(
    number: number,
    reviewers: string[],
  ): Promise<StoredPullRequest> {
    const pull = this.get(number);
    return this.store.update(number, {
      requestedReviewers: [
        ...new Set([...pull.requestedReviewers, ...reviewers]),
      ],
      updatedAt: toKubeTime(Date.now()),
    });
  }

  async comment(number: number, body: string, user: string) {
    const pull = this.get(number);
    const comment = {
      id: numericId(`comment:${number}:${pull.comments.length}:${body}`),
      body,
      user,
      createdAt: toKubeTime(Date.now()),
    };
    await this.store.update(number, { comments: [...pull.comments, comment] });
    return comment;
  }

  /** The head commit: the branch head while open, the recorded one after. */
  async headSha(pull: StoredPullRequest): Promise<string> {
    if (pull.state === 'open') {
      return (await this.repo.branchHead(pull.headRef)) ?? pull.headSha;
    }
    return pull.headSha;
  }

  private async isMergeable(
    pull: StoredPullRequest,
    headSha: string,
    baseSha: string,
  ): Promise<boolean | null> {
    if (pull.state !== 'open') return null;
    const key = `${baseSha}:${headSha}`;
    let result = this.mergeable.get(key);
    if (result === undefined) {
      result = await this.repo.mergesCleanly(baseSha, headSha);
      this.mergeable.set(key, result);
    }
    return result;
  }

  /** The GitHub pull request object. */
  async payload(pull: StoredPullRequest, detailed = true) {
    const links = this.links;
    const headSha = await this.headSha(pull);
    const baseSha =
      pull.state === 'open'
        ? (await this.repo.branchHead(pull.baseRef)) ?? pull.baseSha
        : pull.baseSha;
    const mergeable = await this.isMergeable(pull, headSha, baseSha);
    const url = `${links.repoApi}/pulls/${pull.number}`;
    const html = `${links.repoHtml}/pull/${pull.number}`;
    const repo = {
      id: numericId('repo'),
      name: 'gitops',
      full_name: `${REPO_OWNER}/gitops`,
      html_url: links.repoHtml,
      url: links.repoApi,
    };
    const base = {
      id: numericId(`pull:${pull.number}`),
      node_id: Buffer.from(`PullRequest:${pull.number}`).toString('base64'),
      number: pull.number,
      url,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${links.repoApi}/issues/${pull.number}`,
      state: pull.state,
      locked: false,
      title: pull.title,
      body: pull.body,
      user: userPayload(pull.user, links),
      labels: pull.labels.map(l => labelPayload(l, links)),
      draft: false,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: pull.requestedReviewers.map(r =>
        userPayload(r, links),
      ),
      head: {
        label: `${REPO_OWNER}:${pull.headRef}`,
        ref: pull.headRef,
        sha: headSha,
        user: userPayload(REPO_OWNER, links),
        repo,
      },
      base: {
        label: `${REPO_OWNER}:${pull.baseRef}`,
        ref: pull.baseRef,
        sha: baseSha,
        user: userPayload(REPO_OWNER, links),
        repo,
      },
      author_association: 'MEMBER',
      merged: pull.merged,
      mergeable,
      mergeable_state: mergeableState(pull.state, mergeable),
    };
    if (!detailed) {
      return base;
    }
    let stats = { commits: 0, additions: 0, deletions: 0, changed_files: 0 };
    try {
      const files = await this.repo.changedFiles(baseSha, headSha, true);
      const commits = await this.repo.log({
        ref: `${pull.baseSha}..${headSha}`,
      });
      stats = {
        commits: commits.length,
        additions: files.reduce((s, f) => s + f.additions, 0),
        deletions: files.reduce((s, f) => s + f.deletions, 0),
        changed_files: files.length,
      };
    } catch {
      // Objects of a long-deleted branch: no statistics.
    }
    return {
      ...base,
      merged_by: pull.mergedBy ? userPayload(pull.mergedBy, links) : null,
      comments: pull.comments.length,
      review_comments: 0,
      maintainer_can_modify: false,
      ...stats,
    };
  }
}
