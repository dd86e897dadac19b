import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { Mutex } from '../util/Mutex';
import { GitCommandError, gitText, runGit, sandboxGitEnv } from './runGit';

/** Who made a commit, and when (RFC 3339). */
export interface GitSignature {
  name: string;
  email: string;
  date: string;
}

/** A commit object. */
export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

/** One entry of a tree listing. */
export interface GitTreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  path: string;
  size?: number;
}

/** A change to apply on top of a base tree; `sha: null` deletes the path. */
export interface GitTreeChange {
  path: string;
  mode: string;
  sha: string | null;
}

/** Raised when a ref operation is refused (exists, missing, not a fast-forward). */
export class RefConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefConflictError';
  }
}

const FIELD = '\x1f';
const RECORD = '\x1e';
const LOG_FORMAT = [
  '%H',
  '%T',
  '%P',
  '%an',
  '%ae',
  '%aI',
  '%cn',
  '%ce',
  '%cI',
  '%B',
].join(FIELD);

const FILE_STATUS: Record<string, string> = { A: 'added', D: 'removed' };

/** `2026-09-01T09:00:00+00:00` → `2026-09-01T09:00:00Z` (the way GitHub writes dates). */
export function toUtcIso(date: string): string {
  return `${new Date(date).toISOString().slice(0, 19)}Z`;
}

/** The environment that makes git use this author and committer with explicit dates. */
export function signatureEnv(
  author: GitSignature,
  committer: GitSignature = author,
): Record<string, string> {
  const epoch = (iso: string) =>
    `${Math.floor(new Date(iso).getTime() / 1000)} +0000`;
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: epoch(author.date),
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: epoch(committer.date),
  };
}

/**
 * The sandbox's GitOps repository: one non-bare repository whose checked-out branch (`main`)
 * is what a person sees on disk, and whose refs are the branches the GitHub API serves. Objects
 * created through the API are real git objects (`hash-object -w`, a temporary index and
 * `write-tree`, `commit-tree`); merges are real `git merge --no-ff` commits.
 */
export class GitRepository {
  private simple: SimpleGit | undefined;
  private readonly writes = new Mutex();
  private readonly listeners = new Set<(ref: string) => void>();

  constructor(readonly dir: string) {}

  /** simple-git needs an existing folder, and the repository may be seeded after construction. */
  private get git(): SimpleGit {
    this.simple ??= simpleGit({
      baseDir: this.dir,
      maxConcurrentProcesses: 4,
      unsafe: { allowUnsafeConfigPaths: true },
    }).env(sandboxGitEnv());
    return this.simple;
  }

  /** Calls `listener` after any branch of the repository moved, was created or deleted. */
  onRefChange(listener: (ref: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(ref: string) {
    for (const listener of this.listeners) {
      listener(ref);
    }
  }

  /** The branch checked out in the working directory. */
  async checkedOutBranch(): Promise<string | null> {
    try {
      return (await this.git.raw(['symbolic-ref', '--short', 'HEAD'])).trim();
    } catch {
      return null;
    }
  }

  /** Head commit of a branch, or null. */
  async branchHead(branch: string): Promise<string | null> {
    return this.resolve(`refs/heads/${branch}`);
  }

  /** Resolves a branch, tag or commit SHA to a commit SHA, or null. */
  async resolve(commitish: string): Promise<string | null> {
    if (!commitish || commitish.startsWith('-')) {
      return null;
    }
    try {
      const out = await gitText(this.dir, [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${commitish}^{commit}`,
      ]);
      return out || null;
    } catch {
      return null;
    }
  }

  /** Every branch with its head. */
  async branches(): Promise<Array<{ name: string; sha: string }>> {
    const out = await this.git.raw([
      'for-each-ref',
      '--format=%(refname:short) %(objectname)',
      'refs/heads',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [name, sha] = line.split(' ');
        return { name, sha };
      });
  }

  /** `blob`, `tree`, `commit`, `tag`, or null when the object does not exist. */
  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) {
      return null;
    }
    try {
      return await gitText(this.dir, ['cat-file', '-t', sha]);
    } catch {
      return null;
    }
  }

  async readBlob(sha: string): Promise<Buffer> {
    const { stdout } = await runGit(this.dir, ['cat-file', 'blob', sha]);
    return stdout;
  }

  /** A file at a commit, or null when the path is missing or not a file. */
  async readFile(
    commitish: string,
    path: string,
  ): Promise<{ sha: string; content: Buffer } | null> {
    const entry = await this.entryAt(commitish, path);
    if (!entry || entry.type !== 'blob') {
      return null;
    }
    return { sha: entry.sha, content: await this.readBlob(entry.sha) };
  }

  /** The tree entry of a path at a commit (the root tree for an empty path), or null. */
  async entryAt(commitish: string, path: string): Promise<GitTreeEntry | null> {
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean === '') {
      const tree = await this.resolveTree(commitish);
      return tree
        ? { mode: '040000', type: 'tree', sha: tree, path: '' }
        : null;
    }
    const commit = await this.resolve(commitish);
    if (!commit) {
      return null;
    }
    const out = await gitText(this.dir, ['ls-tree', '-l', commit, '--', clean]);
    const entry = parseTreeLines(out)[0];
    return entry && entry.path === clean ? entry : null;
  }

  /** The tree of a commit, or the tree itself when given a tree SHA. */
  async resolveTree(treeish: string): Promise<string | null> {
    if (!treeish || treeish.startsWith('-')) {
      return null;
    }
    try {
      return (
        (await gitText(this.dir, [
          'rev-parse',
          '--verify',
          '--quiet',
          '--end-of-options',
          `${treeish}^{tree}`,
        ])) || null
      );
    } catch {
      return null;
    }
  }

  /** Entries of a tree (by tree SHA or commit-ish and folder path). */
  async listTree(
    treeish: string,
    options: { path?: string; recursive?: boolean } = {},
  ): Promise<GitTreeEntry[]> {
    const folder = (options.path ?? '').replace(/^\/+|\/+$/g, '');
    const args = ['ls-tree', '-l'];
    if (options.recursive) {
      args.push('-r', '-t');
    }
    args.push(folder ? `${treeish}:${folder}` : treeish);
    const entries = parseTreeLines(await gitText(this.dir, args));
    return folder
      ? entries.map(e => ({ ...e, path: `${folder}/${e.path}` }))
      : entries;
  }

  async getCommit(sha: string): Promise<GitCommit | null> {
    if ((await this.objectType(sha)) !== 'commit') {
      return null;
    }
    const commits = await this.log({ ref: sha, maxCount: 1, noWalk: true });
    return commits[0] ?? null;
  }

  /** Commits reachable from `ref`, newest first (git log order), optionally touching `path`. */
  async log(options: {
    ref: string;
    path?: string;
    skip?: number;
    maxCount?: number;
    firstParent?: boolean;
    noWalk?: boolean;
  }): Promise<GitCommit[]> {
    const args = ['log', `--format=${LOG_FORMAT}${RECORD}`];
    if (options.noWalk) args.push('--no-walk');
    if (options.firstParent) args.push('--first-parent');
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.maxCount !== undefined)
      args.push(`--max-count=${options.maxCount}`);
    args.push('--end-of-options', options.ref, '--');
    if (options.path) args.push(options.path.replace(/^\/+|\/+$/g, ''));
    const out = (await runGit(this.dir, args)).stdout.toString('utf8');
    return out
      .split(RECORD)
      .map(record => record.replace(/^\n/, ''))
      .filter(record => record.length > 0)
      .map(record => {
        const [sha, tree, parents, an, ae, ad, cn, ce, cd, ...body] =
          record.split(FIELD);
        return {
          sha,
          tree,
          parents: parents ? parents.split(' ') : [],
          author: { name: an, email: ae, date: toUtcIso(ad) },
          committer: { name: cn, email: ce, date: toUtcIso(cd) },
          message: body.join(FIELD).replace(/\n+$/, ''),
        };
      });
  }

  /** `git merge-base --is-ancestor`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { code } = await runGit(
      this.dir,
      ['merge-base', '--is-ancestor', ancestor, descendant],
      { okCodes: [0, 1] },
    );
    return code === 0;
  }

  /** True when `head` merges into `base` without conflicts (`git merge-tree --write-tree`). */
  async mergesCleanly(base: string, head: string): Promise<boolean> {
    const { code } = await runGit(
      this.dir,
      ['merge-tree', '--write-tree', '--no-messages', base, head],
      { okCodes: [0, 1] },
    );
    return code === 0;
  }

  /** Unified diff between two commits (three-dot when `mergeBase`). */
  async diff(from: string, to: string, mergeBase = false): Promise<string> {
    const range = mergeBase ? `${from}...${to}` : `${from}..${to}`;
    return (
      await runGit(this.dir, ['diff', '--no-color', '--no-ext-diff', range])
    ).stdout.toString('utf8');
  }

  /** Files changed between two commits with their line counts. */
  async changedFiles(
    from: string,
    to: string,
    mergeBase = false,
  ): Promise<
    Array<{
      path: string;
      status: string;
      additions: number;
      deletions: number;
    }>
  > {
    const range = mergeBase ? `${from}...${to}` : `${from}..${to}`;
    const [numstat, names] = await Promise.all([
      gitText(this.dir, ['diff', '--numstat', range]),
      gitText(this.dir, ['diff', '--name-status', range]),
    ]);
    const statuses = new Map<string, string>();
    for (const line of names.split('\n').filter(Boolean)) {
      const [status, path] = line.split('\t');
      statuses.set(path, status);
    }
    return numstat
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [add, del, path] = line.split('\t');
        const status = statuses.get(path) ?? 'M';
        return {
          path,
          status: FILE_STATUS[status] ?? 'modified',
          additions: Number(add) || 0,
          deletions: Number(del) || 0,
        };
      });
  }

  /** `git hash-object -w`: stores a blob and returns its SHA. */
  async writeBlob(content: Buffer): Promise<string> {
    return gitText(this.dir, ['hash-object', '-w', '--stdin'], {
      input: content,
    });
  }

  /**
   * Writes a tree: `base` (a tree SHA, or null for an empty tree) with `changes` applied, through
   * a temporary index (`read-tree`, `update-index --cacheinfo`, `write-tree`).
   */
  async writeTree(
    base: string | null,
    changes: GitTreeChange[],
  ): Promise<string> {
    const tmp = await mkdtemp(join(tmpdir(), 'gitops-sandbox-index-'));
    const env = { GIT_INDEX_FILE: join(tmp, 'index') };
    try {
      if (base) {
        await runGit(this.dir, ['read-tree', base], { env });
      } else {
        await runGit(this.dir, ['read-tree', '--empty'], { env });
      }
      const removals = changes.filter(c => c.sha === null).map(c => c.path);
      if (removals.length > 0) {
        await runGit(
          this.dir,
          ['update-index', '--force-remove', '-z', '--stdin'],
          { env, input: `${removals.join('\0')}\0` },
        );
      }
      const additions = changes.filter(c => c.sha !== null);
      if (additions.length > 0) {
        // `--index-info` lines: "<mode> <sha>\t<path>"
        await runGit(
          this.dir,
          ['update-index', '--add', '-z', '--index-info'],
          {
            env,
            input: additions
              .map(c => `${c.mode} ${c.sha}\t${c.path}\0`)
              .join(''),
          },
        );
      }
      return await gitText(this.dir, ['write-tree'], { env });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** `git commit-tree` with an explicit author, committer and dates. */
  async commitTree(options: {
    tree: string;
    parents: string[];
    message: string;
    author: GitSignature;
    committer?: GitSignature;
  }): Promise<string> {
    const args = ['commit-tree', options.tree];
    for (const parent of options.parents) {
      args.push('-p', parent);
    }
    return gitText(this.dir, args, {
      input: options.message.endsWith('\n')
        ? options.message
        : `${options.message}\n`,
      env: signatureEnv(options.author, options.committer ?? options.author),
    });
  }

  /** Creates a branch at a commit; refuses when it exists. */
  createBranch(branch: string, sha: string): Promise<void> {
    return this.writes.run(async () => {
      await this.assertBranchName(branch);
      if ((await this.objectType(sha)) !== 'commit') {
        throw new RefConflictError('Object does not exist');
      }
      if (await this.branchHead(branch)) {
        throw new RefConflictError('Reference already exists');
      }
      await runGit(this.dir, [
        'update-ref',
        `refs/heads/${branch}`,
        sha,
        '0000000000000000000000000000000000000000',
      ]);
      this.notify(`refs/heads/${branch}`);
    });
  }

  /** Moves a branch; refuses a non-fast-forward move unless `force`. */
  updateBranch(branch: string, sha: string, force: boolean): Promise<void> {
    return this.writes.run(async () => {
      const current = await this.branchHead(branch);
      if (!current) {
        throw new RefConflictError('Reference does not exist');
      }
      if ((await this.objectType(sha)) !== 'commit') {
        throw new RefConflictError('Object does not exist');
      }
      if (!force && !(await this.isAncestor(current, sha))) {
        throw new RefConflictError('Update is not a fast forward');
      }
      if ((await this.checkedOutBranch()) === branch) {
        // The working directory follows its branch, as after a pull.
        await runGit(this.dir, ['reset', '--hard', '--quiet', sha]);
      } else {
        await runGit(this.dir, [
          'update-ref',
          `refs/heads/${branch}`,
          sha,
          current,
        ]);
      }
      this.notify(`refs/heads/${branch}`);
    });
  }

  /** Deletes a branch; refuses the checked-out branch and a missing one. */
  deleteBranch(branch: string): Promise<void> {
    return this.writes.run(async () => {
      const current = await this.branchHead(branch);
      if (!current) {
        throw new RefConflictError('Reference does not exist');
      }
      if ((await this.checkedOutBranch()) === branch) {
        throw new RefConflictError('Cannot delete the default branch');
      }
      await runGit(this.dir, [
        'update-ref',
        '-d',
        `refs/heads/${branch}`,
        current,
      ]);
      this.notify(`refs/heads/${branch}`);
    });
  }

  /**
   * Merges `headSha` into `base` with `git merge --no-ff` (a real two-parent merge commit), in
   * the working directory when `base` is checked out, else in a temporary worktree. Returns the
   * merge commit, or throws {@link RefConflictError} on a conflict (nothing is changed then).
   */
  merge(options: {
    base: string;
    headSha: string;
    message: string;
    author: GitSignature;
    committer?: GitSignature;
  }): Promise<string> {
    return this.writes.run(async () => {
      const baseSha = await this.branchHead(options.base);
      if (!baseSha) {
        throw new RefConflictError('Base branch does not exist');
      }
      if (!(await this.mergesCleanly(baseSha, options.headSha))) {
        throw new RefConflictError('Merge conflict');
      }
      const env = signatureEnv(
        options.author,
        options.committer ?? options.author,
      );
      const args = [
        'merge',
        '--no-ff',
        '--no-edit',
        '--quiet',
        '-m',
        options.message,
        options.headSha,
      ];
      const checkedOut = await this.checkedOutBranch();
      let merged: string;
      if (checkedOut === options.base) {
        try {
          await runGit(this.dir, args, { env });
        } catch (error) {
          await runGit(this.dir, ['merge', '--abort'], { okCodes: [0, 128] });
          throw error;
        }
        merged = await gitText(this.dir, ['rev-parse', 'HEAD']);
      } else {
        const tmp = await mkdtemp(join(tmpdir(), 'gitops-sandbox-merge-'));
        const worktree = join(tmp, 'wt');
        try {
          await runGit(this.dir, [
            'worktree',
            'add',
            '--detach',
            '--quiet',
            worktree,
            baseSha,
          ]);
          await runGit(worktree, args, { env });
          merged = await gitText(worktree, ['rev-parse', 'HEAD']);
          await runGit(this.dir, [
            'update-ref',
            `refs/heads/${options.base}`,
            merged,
            baseSha,
          ]);
        } finally {
          await runGit(this.dir, ['worktree', 'remove', '--force', worktree], {
            okCodes: [0, 128],
          });
          await rm(tmp, { recursive: true, force: true });
        }
      }
      this.notify(`refs/heads/${options.base}`);
      return merged;
    });
  }

  private async assertBranchName(branch: string) {
    try {
      await runGit(this.dir, ['check-ref-format', `refs/heads/${branch}`]);
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw new RefConflictError(`Invalid reference name: ${branch}`);
      }
      throw error;
    }
  }
}

/** Parses `git ls-tree -l` output. */
function parseTreeLines(out: string): GitTreeEntry[] {
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
      return {
        mode,
        type: type as GitTreeEntry['type'],
        sha,
        path: line.slice(tab + 1),
        size: size && size !== '-' ? Number(size) : undefined,
      };
    });
}
