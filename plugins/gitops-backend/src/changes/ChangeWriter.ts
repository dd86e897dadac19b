import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  type GitOpsRepositoryProvider,
  isRepositoryConflict,
  type RepositoryPullRequest,
} from '@gitops-portal/plugin-gitops-node';
import { redact } from '../service/redact';
import type {
  ChangeRecordStore,
  NewChangeRecord,
  StoredChangeRecord,
} from './ChangeRecordStore';
import { KeyedLock } from './KeyedLock';

/**
 * One change, fully planned: the record to keep, the files to commit on top of the base
 * commit they were computed from, and the pull request to open.
 *
 * @public
 */
export interface PlannedChange {
  record: NewChangeRecord;
  baseBranch: string;
  /** Head of the base branch the files were read at. */
  baseSha: string;
  /** The content each file had at `baseSha` (null for a new file): the lost-update check. */
  files: Array<{
    path: string;
    content: string;
    previousContent: string | null;
  }>;
  commitMessage: string;
  title: string;
  body: string;
  labels: string[];
  autoMerge: boolean;
  /** When the plan was read from the repository (ISO time). */
  plannedAt: string;
}

/**
 * Options of {@link ChangeWriter}.
 *
 * @public
 */
export interface ChangeWriterOptions {
  provider: GitOpsRepositoryProvider;
  store: ChangeRecordStore;
  logger: LoggerService;
  /** How long a claim is its writer's alone. Default 60 s. */
  leaseMs?: number;
  /** How long a request waits for another replica writing the same branch. Default 10 s. */
  waitForOtherWriterMs?: number;
  pollMs?: number;
  now?: () => Date;
}

/**
 * Writes planned changes as pull requests, idempotently:
 * - identical requests are serialised in this process (lock by branch) and across replicas
 *   by the database (one open record per branch, claimed by inserting it);
 * - an open pull request for the branch is returned, never a second one;
 * - a retry after a crash finds what exists on the Git host (branch, commit, pull request)
 *   and completes the record from there;
 * - a branch this writer created is deleted when the pull request cannot be opened;
 * - a file that changed on the base branch since it was read is a conflict (409).
 *
 * @public
 */
export class ChangeWriter {
  private readonly provider: GitOpsRepositoryProvider;
  private readonly store: ChangeRecordStore;
  private readonly logger: LoggerService;
  private readonly lock = new KeyedLock();
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(options: ChangeWriterOptions) {
    this.provider = options.provider;
    this.store = options.store;
    this.logger = options.logger;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.waitMs = options.waitForOtherWriterMs ?? 10_000;
    this.pollMs = options.pollMs ?? 250;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The change already made for this branch, if any: the open record (brought up to date with
   * its pull request), or a record merged after the request was planned.
   */
  async findExisting(
    branch: string,
    plannedAt: string,
  ): Promise<StoredChangeRecord | undefined> {
    const active = await this.store.findActive(branch);
    if (active?.pullRequest) {
      const refreshed = await this.refresh(active);
      if (refreshed.state === 'open') return refreshed;
      if (refreshed.mergedAt && refreshed.mergedAt >= plannedAt)
        return refreshed;
      return undefined;
    }
    const [latest] = await this.store.list({ branch, limit: 1 });
    if (latest?.mergedAt && latest.mergedAt >= plannedAt) return latest;
    return undefined;
  }

  /** Writes the change, or returns the one that exists: `created` tells which. */
  async write(
    change: PlannedChange,
  ): Promise<{ record: StoredChangeRecord; created: boolean }> {
    const branch = change.record.branch;
    return this.lock.run(branch, async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await this.findExisting(branch, change.plannedAt);
        if (existing) return { record: existing, created: false };

        const { record, claimed } = await this.store.claim(
          change.record,
          this.leaseMs,
        );
        if (claimed)
          return { record: await this.complete(record, change), created: true };
        if (record.pullRequest) continue; // written meanwhile: look again

        const taken = await this.store.takeOver(record, this.leaseMs);
        if (taken) {
          this.logger.info(
            `Resuming the unfinished change ${taken.id} on ${branch}`,
          );
          return { record: await this.complete(taken, change), created: true };
        }
        const finished = await this.waitForOtherWriter(branch);
        if (finished) return { record: finished, created: false };
        throw new ConflictError(
          `A change on branch ${branch} is being written by another request; retry in a few seconds`,
        );
      }
      throw new ConflictError(
        `The change on branch ${branch} keeps changing; retry`,
      );
    });
  }

  /** Brings an open record up to date with its pull request (merged or closed meanwhile). */
  async refresh(record: StoredChangeRecord): Promise<StoredChangeRecord> {
    if (!record.pullRequest || record.state !== 'open') return record;
    const pr = await this.provider.getPullRequest(record.pullRequest.number);
    return this.applyPullRequestState(record, pr);
  }

  /** Records what the Git host says of the record's pull request. */
  async applyPullRequestState(
    record: StoredChangeRecord,
    pr: RepositoryPullRequest,
  ): Promise<StoredChangeRecord> {
    if (pr.state === 'merged' && record.state === 'open') {
      return this.store.update(record.id, {
        state: 'merged',
        mergedAt: pr.mergedAt ?? this.now().toISOString(),
        mergeCommit: pr.mergeCommitSha,
      });
    }
    if (pr.state === 'closed' && record.state === 'open') {
      return this.store.update(record.id, {
        state: 'closed',
        message: 'The pull request was closed without merging',
      });
    }
    return record;
  }

  private async waitForOtherWriter(
    branch: string,
  ): Promise<StoredChangeRecord | undefined> {
    const deadline = Date.now() + this.waitMs;
    while (Date.now() < deadline) {
      await new Promise(r => setTimeout(r, this.pollMs));
      const record = await this.store.findActive(branch);
      if (!record) {
        const [latest] = await this.store.list({ branch, limit: 1 });
        return latest?.state === 'failed' ? undefined : latest;
      }
      if (record.pullRequest) return record;
    }
    return undefined;
  }

  /** True when every file of the change has its new content at a commit. */
  private async hasChange(
    sha: string,
    change: PlannedChange,
  ): Promise<boolean> {
    for (const file of change.files) {
      const found = await this.provider.readFile(file.path, sha);
      if (found?.content !== file.content) return false;
    }
    return true;
  }

  /** Fails with 409 when a file of the change changed on the base branch since it was read. */
  private async assertBaseUnchanged(change: PlannedChange): Promise<void> {
    const head = await this.provider.getBranchHead(change.baseBranch);
    if (head === change.baseSha) return;
    if (!head)
      throw new ConflictError(`Branch ${change.baseBranch} no longer exists`);
    for (const file of change.files) {
      const now = await this.provider.readFile(file.path, head);
      if ((now?.content ?? null) !== file.previousContent) {
        throw new ConflictError(
          `${file.path} changed on ${change.baseBranch} since it was read; nothing was written, retry`,
        );
      }
    }
  }

  private async complete(
    claimed: StoredChangeRecord,
    change: PlannedChange,
  ): Promise<StoredChangeRecord> {
    const branch = change.record.branch;
    let record = claimed;
    let createdBranch = false;
    try {
      let pr = await this.provider.findPullRequest(branch, 'open');
      if (!pr) {
        const head = await this.provider.getBranchHead(branch);
        let commit: string;
        if (head && (await this.hasChange(head, change))) {
          commit = head; // written by an earlier attempt that stopped before the pull request
        } else {
          await this.assertBaseUnchanged(change);
          if (head) {
            // A leftover of a closed pull request: start the branch over from the base.
            await this.provider.deleteBranch(branch);
          }
          await this.createBranchAt(branch, change.baseSha);
          createdBranch = true;
          commit = (
            await this.provider.commitFiles({
              branch,
              parentSha: change.baseSha,
              message: change.commitMessage,
              files: change.files.map(f => ({
                path: f.path,
                content: f.content,
              })),
            })
          ).sha;
        }
        record = await this.store.update(record.id, { commit });
        pr = await this.openPullRequest(change);
      }
      record = await this.store.update(record.id, {
        pullRequest: { number: pr.number, url: pr.url },
        leaseUntil: null,
      });
      record = await this.applyPullRequestState(record, pr);
      if (change.autoMerge && record.state === 'open') {
        record = await this.merge(record, pr);
      }
      return record;
    } catch (error) {
      if (createdBranch && record.pullRequest === null) {
        await this.provider
          .deleteBranch(branch)
          .catch(e =>
            this.logger.warn(
              `Could not delete branch ${branch}: ${redact(String(e))}`,
            ),
          );
      }
      await this.store
        .update(record.id, {
          state: 'failed',
          message: redact((error as Error).message ?? String(error)),
        })
        .catch(e =>
          this.logger.error(
            `Could not record the failure of ${record.id}: ${e}`,
          ),
        );
      throw error;
    }
  }

  /**
   * Creates the branch at a commit. Finding it there already is success: a retried call whose
   * first answer was lost (a 5xx after the host created it) must not fail the change.
   */
  private async createBranchAt(branch: string, sha: string): Promise<void> {
    try {
      await this.provider.createBranch(branch, sha);
    } catch (error) {
      if (
        isRepositoryConflict(error) &&
        (await this.provider.getBranchHead(branch)) === sha
      ) {
        return;
      }
      throw error;
    }
  }

  private async openPullRequest(
    change: PlannedChange,
  ): Promise<RepositoryPullRequest> {
    const branch = change.record.branch;
    try {
      return await this.provider.createPullRequest({
        headBranch: branch,
        baseBranch: change.baseBranch,
        title: change.title,
        body: change.body,
        labels: change.labels,
      });
    } catch (error) {
      if (isRepositoryConflict(error)) {
        const existing = await this.provider.findPullRequest(branch, 'open');
        if (existing) return existing;
      }
      throw error;
    }
  }

  private async merge(
    record: StoredChangeRecord,
    pr: RepositoryPullRequest,
  ): Promise<StoredChangeRecord> {
    try {
      const { sha } = await this.provider.mergePullRequest(pr.number);
      return await this.store.update(record.id, {
        state: 'merged',
        mergeCommit: sha,
        mergedAt: this.now().toISOString(),
      });
    } catch (error) {
      // A merge whose answer was lost (a 5xx after the host merged) is a merge.
      const now = await this.provider
        .getPullRequest(pr.number)
        .catch(() => undefined);
      if (now?.state === 'merged') {
        return this.applyPullRequestState(record, now);
      }
      // The pull request stays open for people to merge; the record says why it was not merged.
      const message = redact((error as Error).message ?? String(error));
      this.logger.warn(
        `Auto-merge of pull request #${pr.number} failed: ${message}`,
      );
      return this.store.update(record.id, {
        message: `Auto-merge failed: ${message}`,
      });
    }
  }
}
