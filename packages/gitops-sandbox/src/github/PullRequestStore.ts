import { readFile, writeFile, rename } from 'node:fs/promises';

/** A pull request as the sandbox keeps it; the GitHub payload is derived from it. */
export interface StoredPullRequest {
  number: number;
  title: string;
  body: string;
  /** Login of the author. */
  user: string;
  labels: string[];
  headRef: string;
  /** Head commit when last seen (kept after the head branch is deleted). */
  headSha: string;
  baseRef: string;
  /** Base branch head when the pull request was opened or merged. */
  baseSha: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  requestedReviewers: string[];
  comments: Array<{
    id: number;
    body: string;
    user: string;
    createdAt: string;
  }>;
}

/**
 * The pull requests of the sandbox repository, saved as JSON beside the repository so that a
 * restarted sandbox keeps its numbers and history (git keeps the branches and commits).
 */
export class PullRequestStore {
  private pulls: StoredPullRequest[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  /** Loads the store from `file`, or starts empty when it does not exist. */
  static async load(file: string): Promise<PullRequestStore> {
    const store = new PullRequestStore(file);
    try {
      store.pulls = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      store.pulls = [];
    }
    return store;
  }

  /** Every pull request, newest first. */
  list(): StoredPullRequest[] {
    return [...this.pulls].sort((a, b) => b.number - a.number);
  }

  get(number: number): StoredPullRequest | undefined {
    return this.pulls.find(p => p.number === number);
  }

  /** Adds a pull request with the next number. */
  async create(
    fields: Omit<StoredPullRequest, 'number'>,
  ): Promise<StoredPullRequest> {
    const number =
      this.pulls.reduce((max, p) => Math.max(max, p.number), 0) + 1;
    const pull = { ...fields, number };
    this.pulls.push(pull);
    await this.save();
    return pull;
  }

  async update(
    number: number,
    patch: Partial<StoredPullRequest>,
  ): Promise<StoredPullRequest> {
    const pull = this.get(number);
    if (!pull) {
      throw new Error(`No pull request #${number}`);
    }
    Object.assign(pull, patch);
    await this.save();
    return pull;
  }

  /**
   * Replaces the pull requests with the seeded ones (seed and reset). Like GitHub, the sandbox
   * never reuses a number: pull requests opened since the seed stay, closed when they were open
   * (their branches are gone), so numbering goes on and clients that recorded them see them closed.
   */
  async replaceAll(pulls: StoredPullRequest[]): Promise<void> {
    const seeded = new Set(pulls.map(p => p.number));
    const now = new Date().toISOString();
    const earlier = this.pulls
      .filter(p => !seeded.has(p.number))
      .map(p =>
        p.state === 'open'
          ? { ...p, state: 'closed' as const, closedAt: now, updatedAt: now }
          : p,
      );
    this.pulls = [...pulls.map(p => ({ ...p })), ...earlier];
    await this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.pulls, null, 2);
    const tmp = `${this.file}.tmp`;
    this.writing = this.writing.then(async () => {
      await writeFile(tmp, snapshot);
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}
