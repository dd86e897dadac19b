import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import { redact } from '../service/redact';
import type { EntityStatusReader } from '../service/types';
import type {
  ChangeRecordStore,
  StoredChangeRecord,
} from './ChangeRecordStore';
import type { ChangeWriter } from './ChangeWriter';

/** A claim without a pull request this long after its lease is given up. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Counts of one reconciliation pass.
 *
 * @public
 */
export interface ReconcileResult {
  checked: number;
  merged: number;
  closed: number;
  deployed: number;
  abandoned: number;
  errors: number;
}

/**
 * Follows records to their end: open pull requests to merged (or closed), merged changes to
 * deployed once every target application of the environment runs the digest. Runs as a
 * global scheduled task (one replica at a time).
 *
 * @public
 */
export class RecordReconciler {
  constructor(
    private readonly options: {
      store: ChangeRecordStore;
      writer: ChangeWriter;
      provider: GitOpsRepositoryProvider;
      statusReader: EntityStatusReader;
      /** The catalog entity of a record (by its entityRef, else by its service annotation). */
      findEntity: (record: StoredChangeRecord) => Promise<Entity | undefined>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<ReconcileResult> {
    const result: ReconcileResult = {
      checked: 0,
      merged: 0,
      closed: 0,
      deployed: 0,
      abandoned: 0,
      errors: 0,
    };
    const now = this.options.now?.() ?? new Date();
    const records = await this.options.store.list({
      states: ['open', 'merged'],
      limit: 500,
    });
    for (const record of records) {
      result.checked += 1;
      try {
        if (record.state === 'open') {
          await this.followOpen(record, now, result);
        } else {
          await this.followMerged(record, now, result);
        }
      } catch (error) {
        result.errors += 1;
        this.options.logger.warn(
          `Could not reconcile change record ${record.id}: ${redact(
            (error as Error).message,
          )}`,
        );
      }
    }
    return result;
  }

  private async followOpen(
    record: StoredChangeRecord,
    now: Date,
    result: ReconcileResult,
  ) {
    const { writer, store, provider } = this.options;
    if (!record.pullRequest) {
      const expired =
        record.leaseUntil === null ||
        Date.parse(record.leaseUntil) + ABANDONED_AFTER_MS < now.getTime();
      if (!expired) return;
      const pr = await provider.findPullRequest(record.branch, 'open');
      if (pr) {
        const updated = await store.update(record.id, {
          pullRequest: { number: pr.number, url: pr.url },
          leaseUntil: null,
        });
        await writer.applyPullRequestState(updated, pr);
        return;
      }
      await store.update(record.id, {
        state: 'failed',
        message:
          'Abandoned before its pull request was opened; send the request again',
      });
      result.abandoned += 1;
      return;
    }
    const after = await writer.refresh(record);
    if (after.state === 'merged') {
      result.merged += 1;
      await this.followMerged(after, now, result);
    }
    if (after.state === 'closed') result.closed += 1;
  }

  private async followMerged(
    record: StoredChangeRecord,
    now: Date,
    result: ReconcileResult,
  ) {
    if (record.type === 'onboarding' || !record.digest) return;
    const entity = await this.options.findEntity(record);
    if (!entity) return;
    const status = await this.options.statusReader.getEntityStatus(entity);
    // An instance still sending its first list may hold targets of the environment.
    if (status.errors.some(e => e.code === 'PENDING')) return;
    const targets =
      status.environments.find(e => e.name === record.to)?.targets ?? [];
    if (targets.length > 0 && targets.every(t => t.digest === record.digest)) {
      await this.options.store.update(record.id, {
        state: 'deployed',
        deployedAt: now.toISOString(),
      });
      result.deployed += 1;
    }
  }
}
