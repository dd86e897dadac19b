import type {
  ChangeRecord,
  ChangeState,
  ChangeType,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const TABLE = 'gitops_change_records';

interface Row {
  id: string;
  type: string;
  entity_ref: string | null;
  service: string;
  from_env: string | null;
  to_env: string;
  digest: string;
  previous_digest: string | null;
  state: string;
  branch: string;
  pr_number: number | null;
  pr_url: string | null;
  commit_sha: string | null;
  merge_commit_sha: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  deployed_at: string | null;
  gates: string;
  message: string | null;
  active_key: string | null;
  lease_until: string | null;
}

/**
 * A record as stored, with what the engine needs beyond the API's {@link ChangeRecord}.
 *
 * @public
 */
export interface StoredChangeRecord extends ChangeRecord {
  branch: string;
  commit: string | null;
  mergeCommit: string | null;
  /** Until when the writer that claimed the record finishes it alone (ISO time), if claimed. */
  leaseUntil: string | null;
}

/**
 * What a new record is made of.
 *
 * @public
 */
export interface NewChangeRecord {
  type: ChangeType;
  entityRef: string | null;
  service: string;
  from: string | null;
  to: string;
  digest: string;
  previousDigest: string | null;
  branch: string;
  createdBy: string;
  gates: GateResult[];
}

/**
 * Fields of a record that change over its life.
 *
 * @public
 */
export interface ChangeRecordPatch {
  state?: ChangeState;
  pullRequest?: { number: number; url: string } | null;
  commit?: string | null;
  mergeCommit?: string | null;
  mergedAt?: string | null;
  deployedAt?: string | null;
  message?: string | null;
  leaseUntil?: string | null;
}

/**
 * Filter of {@link ChangeRecordStore.list}.
 *
 * @public
 */
export interface ChangeRecordQuery {
  entityRef?: string;
  service?: string;
  branch?: string;
  type?: ChangeType;
  states?: ChangeState[];
  limit?: number;
}

const ACTIVE_STATES: ChangeState[] = ['open'];

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'ER_DUP_ENTRY' ||
    /UNIQUE constraint failed|duplicate key value/i.test(e?.message ?? '')
  );
}

/**
 * Stores the records of changes in the plugin's database (knex; SQLite and PostgreSQL).
 *
 * While a record is open its branch is its "active key", unique in the table: of several
 * writers (requests, replicas) that claim the same branch at once, exactly one inserts the
 * record; the others find it. A claim carries a lease, so that a writer that died between two
 * steps is taken over by the next request instead of blocking the branch forever.
 *
 * @public
 */
export class ChangeRecordStore {
  private readonly listeners = new Set<(record: StoredChangeRecord) => void>();

  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Calls `listener` after this store created or updated a record. Writes of other replicas
   * are not heard: readers that must see them re-read on their own schedule.
   */
  subscribe(listener: (record: StoredChangeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(record: StoredChangeRecord): StoredChangeRecord {
    for (const listener of this.listeners) listener(record);
    return record;
  }

  private toRecord(row: Row): StoredChangeRecord {
    return {
      id: row.id,
      type: row.type as ChangeType,
      entityRef: row.entity_ref,
      service: row.service,
      from: row.from_env,
      to: row.to_env,
      digest: row.digest,
      previousDigest: row.previous_digest,
      state: row.state as ChangeState,
      pullRequest:
        row.pr_number !== null && row.pr_number !== undefined
          ? {
              number: Number(row.pr_number),
              url: row.pr_url ?? '',
              branch: row.branch,
            }
          : null,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      mergedAt: row.merged_at,
      deployedAt: row.deployed_at,
      gates: JSON.parse(row.gates) as GateResult[],
      message: row.message,
      branch: row.branch,
      commit: row.commit_sha,
      mergeCommit: row.merge_commit_sha,
      leaseUntil: row.lease_until,
    };
  }

  private isoNow(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /**
   * Inserts an open record for a branch unless one is open already.
   * Returns the record and whether this call created it.
   */
  async claim(
    record: NewChangeRecord,
    leaseMs: number,
  ): Promise<{ record: StoredChangeRecord; claimed: boolean }> {
    const now = this.isoNow();
    const row: Row = {
      id: randomUUID(),
      type: record.type,
      entity_ref: record.entityRef,
      service: record.service,
      from_env: record.from,
      to_env: record.to,
      digest: record.digest,
      previous_digest: record.previousDigest,
      state: 'open',
      branch: record.branch,
      pr_number: null,
      pr_url: null,
      commit_sha: null,
      merge_commit_sha: null,
      created_by: record.createdBy,
      created_at: now,
      updated_at: now,
      merged_at: null,
      deployed_at: null,
      gates: JSON.stringify(record.gates),
      message: null,
      active_key: record.branch,
      lease_until: this.isoNow(leaseMs),
    };
    try {
      await this.db<Row>(TABLE).insert(row);
      return { record: this.notify(this.toRecord(row)), claimed: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findActive(record.branch);
      if (!existing) {
        // Closed between our insert and our read: try once more.
        return this.claim(record, leaseMs);
      }
      return { record: existing, claimed: false };
    }
  }

  /** The open record of a branch, if any. */
  async findActive(branch: string): Promise<StoredChangeRecord | undefined> {
    const row = await this.db<Row>(TABLE).where({ active_key: branch }).first();
    return row ? this.toRecord(row) : undefined;
  }

  /**
   * Takes over a record whose lease expired (its writer died or hangs): succeeds for exactly
   * one caller, the one that still sees the expired lease.
   */
  async takeOver(
    record: StoredChangeRecord,
    leaseMs: number,
  ): Promise<StoredChangeRecord | undefined> {
    const now = this.isoNow();
    if (record.leaseUntil && record.leaseUntil > now) return undefined;
    const query = this.db<Row>(TABLE).where({
      id: record.id,
      active_key: record.branch,
    });
    if (record.leaseUntil === null) query.whereNull('lease_until');
    else query.where({ lease_until: record.leaseUntil });
    const leaseUntil = this.isoNow(leaseMs);
    const updated = await query.update({
      lease_until: leaseUntil,
      updated_at: now,
    });
    if (updated !== 1) return undefined;
    return { ...record, leaseUntil };
  }

  /** Applies a patch; leaving the open state releases the branch for new records. */
  async update(
    id: string,
    patch: ChangeRecordPatch,
  ): Promise<StoredChangeRecord> {
    const changes: Partial<Row> = { updated_at: this.isoNow() };
    if (patch.state !== undefined) {
      changes.state = patch.state;
      if (!ACTIVE_STATES.includes(patch.state)) {
        changes.active_key = null;
        changes.lease_until = null;
      }
    }
    if (patch.pullRequest !== undefined) {
      changes.pr_number = patch.pullRequest?.number ?? null;
      changes.pr_url = patch.pullRequest?.url ?? null;
    }
    if (patch.commit !== undefined) changes.commit_sha = patch.commit;
    if (patch.mergeCommit !== undefined)
      changes.merge_commit_sha = patch.mergeCommit;
    if (patch.mergedAt !== undefined) changes.merged_at = patch.mergedAt;
    if (patch.deployedAt !== undefined) changes.deployed_at = patch.deployedAt;
    if (patch.message !== undefined) changes.message = patch.message;
    if (patch.leaseUntil !== undefined) changes.lease_until = patch.leaseUntil;
    await this.db<Row>(TABLE).where({ id }).update(changes);
    const record = await this.get(id);
    if (!record) throw new Error(`Change record ${id} disappeared`);
    return this.notify(record);
  }

  async get(id: string): Promise<StoredChangeRecord | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? this.toRecord(row) : undefined;
  }

  /** Records, newest first. */
  async list(query: ChangeRecordQuery = {}): Promise<StoredChangeRecord[]> {
    const q = this.db<Row>(TABLE);
    if (query.entityRef) q.where({ entity_ref: query.entityRef });
    if (query.service) q.where({ service: query.service });
    if (query.branch) q.where({ branch: query.branch });
    if (query.type) q.where({ type: query.type });
    if (query.states?.length) q.whereIn('state', query.states);
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(Math.min(Math.max(query.limit ?? 50, 1), 500));
    return rows.map(r => this.toRecord(r));
  }

  /** The API view of an entity's records, newest first, at most `limit` (default 50). */
  async listForEntity(
    entityRef: string,
    limit?: number,
  ): Promise<ChangeRecord[]> {
    return (await this.list({ entityRef, limit })).map(toApiRecord);
  }

  /** Records whose branch commit or merge commit is one of these. */
  async findByCommits(shas: string[]): Promise<StoredChangeRecord[]> {
    if (shas.length === 0) return [];
    const rows = await this.db<Row>(TABLE)
      .whereIn('commit_sha', shas)
      .orWhereIn('merge_commit_sha', shas);
    return rows.map(r => this.toRecord(r));
  }
}

/** The API view of a stored record (no lease, no internal fields). */
export function toApiRecord(record: StoredChangeRecord): ChangeRecord {
  const { branch: _b, leaseUntil: _l, ...rest } = record;
  return rest;
}
