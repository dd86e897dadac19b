import type { ArgoApplication } from '@gitops-portal/plugin-gitops-node';

/**
 * The paths Argo CD's list endpoint honours in `fields` (its `appFields` whitelist); any other
 * path is dropped silently, as the real server does.
 */
const ALLOWED = [
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.labels',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'spec',
  'status.sourceHydrator',
  'status.sync.status',
  'status.health',
  'status.summary',
  'status.resources',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.operationState.phase',
  'status.operationState.operation.sync',
  'operation.sync',
];

/** Parses `fields=items.metadata.name,items.spec` into the honoured paths (null = no projection). */
export function parseFields(fields: string | undefined): string[][] | null {
  if (!fields) return null;
  return fields
    .split(',')
    .map(f => f.trim())
    .filter(f => f.startsWith('items.'))
    .map(f => f.slice('items.'.length))
    .filter(f => ALLOWED.includes(f))
    .map(f => f.split('.'));
}

/** Copies only the given paths of an application. */
export function projectApplication(
  app: ArgoApplication,
  paths: string[][],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    let source: unknown = app;
    for (const key of path) {
      source =
        source && typeof source === 'object'
          ? (source as Record<string, unknown>)[key]
          : undefined;
    }
    if (source === undefined) continue;
    let target = out;
    path.slice(0, -1).forEach(key => {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    });
    target[path[path.length - 1]] = source;
  }
  return out;
}
