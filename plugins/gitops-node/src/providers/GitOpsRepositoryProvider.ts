/**
 * The Git hosting side of the GitOps backend: read the GitOps repository and change it only
 * through branches and pull (merge) requests. GitHub and GitLab ship with the backend; a
 * module adds another host through {@link gitopsProvidersExtensionPoint}.
 */

/**
 * A file read at a given revision.
 *
 * @public
 */
export interface RepositoryFile {
  path: string;
  content: string;
  /** Blob identifier of this content, when the host reports one. */
  sha: string | null;
}

/**
 * A file of a {@link RepositoryTree}: its path from the repository root and its blob SHA.
 *
 * @public
 */
export interface RepositoryTreeFile {
  path: string;
  sha: string;
}

/**
 * The files under a folder at one commit, with their blob SHAs.
 *
 * @public
 */
export interface RepositoryTree {
  files: RepositoryTreeFile[];
  /** True when the host cut the listing short: files may be missing. */
  truncated: boolean;
}

/**
 * A commit that touched a path.
 *
 * @public
 */
export interface RepositoryCommit {
  sha: string;
  author: string;
  committedAt: string;
  message: string;
  parents: string[];
}

/**
 * A pull request (GitHub) or merge request (GitLab).
 *
 * @public
 */
export interface RepositoryPullRequest {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  headBranch: string;
  baseBranch: string;
  title: string;
  mergeCommitSha: string | null;
  mergedAt: string | null;
}

/**
 * Options to commit files on a branch, as one commit whose parent must be the branch head.
 *
 * @public
 */
export interface CommitFilesOptions {
  branch: string;
  /** The commit the change was computed from; the commit fails with a conflict when the branch moved. */
  parentSha: string;
  message: string;
  files: Array<{ path: string; content: string }>;
}

/**
 * Options to open a pull request.
 *
 * @public
 */
export interface CreatePullRequestOptions {
  headBranch: string;
  baseBranch: string;
  title: string;
  body: string;
  labels: string[];
}

/**
 * One GitOps repository on one Git host.
 *
 * Errors: a missing branch or file is `null` where the signature allows it; a moved branch or
 * an existing branch is a `ConflictError` from `@backstage/errors`; other failures throw.
 *
 * @public
 */
export interface GitOpsRepositoryProvider {
  /** Host kind, e.g. `github` or `gitlab`. */
  readonly type: string;
  /** Web URL of the repository, for links. */
  readonly webUrl: string;
  /** Head commit of a branch, or null when the branch does not exist. */
  getBranchHead(branch: string): Promise<string | null>;
  /** A file's content at a ref (branch or commit), or null when it does not exist. */
  readFile(path: string, ref: string): Promise<RepositoryFile | null>;
  /**
   * Paths of every file under a folder at a ref, recursively, relative to the repository
   * root; empty when the folder does not exist.
   */
  listFiles(folder: string, ref: string): Promise<string[]>;
  /**
   * Every file under a folder at a ref, recursively, with blob SHAs, in as few calls as the
   * host allows (GitHub: one recursive tree read); empty when the folder does not exist.
   * Optional: without it, readers probe for files one by one.
   */
  listTree?(folder: string, ref: string): Promise<RepositoryTree>;
  /** Commits that touched a path on a ref, newest first. */
  listCommits(
    path: string,
    options: { ref: string; page: number; perPage: number },
  ): Promise<RepositoryCommit[]>;
  /** Create a branch at a commit. */
  createBranch(branch: string, sha: string): Promise<void>;
  /** Delete a branch; a missing branch is not an error. */
  deleteBranch(branch: string): Promise<void>;
  /** Commit files on a branch whose head must be `parentSha`; returns the new commit. */
  commitFiles(options: CommitFilesOptions): Promise<{ sha: string }>;
  /** The newest pull request from a head branch (open first), or null. */
  findPullRequest(
    headBranch: string,
    state: 'open' | 'all',
  ): Promise<RepositoryPullRequest | null>;
  createPullRequest(
    options: CreatePullRequestOptions,
  ): Promise<RepositoryPullRequest>;
  getPullRequest(number: number): Promise<RepositoryPullRequest>;
  /** Merge a pull request; returns the merge commit. */
  mergePullRequest(number: number): Promise<{ sha: string }>;
}

/**
 * True for the conflict a provider reports (a moved or existing branch, an existing pull
 * request): a `ConflictError` of `@backstage/errors`, told by its name so that one thrown by
 * another copy of that package (a module's provider) counts too, where `instanceof` would
 * miss it.
 *
 * @public
 */
export function isRepositoryConflict(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ConflictError'
  );
}

/**
 * What a provider factory receives.
 *
 * @public
 */
export interface GitOpsRepositoryProviderOptions {
  /** The repository URL from `gitops.repository.url`. */
  repositoryUrl: string;
}

/**
 * Creates the provider for repositories on the hosts it knows.
 *
 * @public
 */
export interface GitOpsRepositoryProviderFactory {
  readonly type: string;
  /** True when this factory serves the repository (for example, the host is a configured GitHub integration). */
  supports(repositoryUrl: string): boolean;
  create(options: GitOpsRepositoryProviderOptions): GitOpsRepositoryProvider;
}
