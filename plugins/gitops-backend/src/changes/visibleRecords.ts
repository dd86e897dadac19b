import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  gitopsPinCreatePermission,
  gitopsStatusReadPermission,
} from '@gitops-portal/plugin-gitops-common';
import type { EntityAccess } from '../service/EntityAccess';

/**
 * Keeps the records the caller may see: those of entities it can load and holds
 * `gitops.status.read` on, and entity-less records (pins, onboardings by service name) only
 * for callers who may make them (`gitops.pin.create`). Each entity is checked once.
 */
export async function visibleRecords<T extends { entityRef: string | null }>(
  records: T[],
  entityAccess: EntityAccess,
  credentials: BackstageCredentials,
): Promise<T[]> {
  const decisions = new Map<string, Promise<boolean>>();
  const canSee = (entityRef: string | null): Promise<boolean> => {
    const key = entityRef ?? '';
    let decision = decisions.get(key);
    if (!decision) {
      decision = entityRef
        ? canReadEntity(entityRef, entityAccess, credentials)
        : entityAccess.canBasic(gitopsPinCreatePermission, credentials);
      decisions.set(key, decision);
    }
    return decision;
  };
  const visible = await Promise.all(records.map(r => canSee(r.entityRef)));
  return records.filter((_, i) => visible[i]);
}

async function canReadEntity(
  entityRef: string,
  entityAccess: EntityAccess,
  credentials: BackstageCredentials,
): Promise<boolean> {
  try {
    const entity = await entityAccess.load(
      parseEntityRef(entityRef),
      credentials,
    );
    return await entityAccess.can(
      gitopsStatusReadPermission,
      { entity },
      credentials,
    );
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
