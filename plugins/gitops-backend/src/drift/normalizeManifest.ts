import { stringify } from 'yaml';

/** Fields the API server or controllers write, which say nothing about drift. */
const NOISY_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];
const NOISY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];
const TOP_ORDER = ['apiVersion', 'kind', 'metadata'];
const METADATA_ORDER = ['name', 'namespace'];

/**
 * Parses one of the JSON-string states of `managed-resources`; the literal `"null"` (and
 * nothing) is an absent object.
 *
 * @public
 */
export function parseState(state: string | null | undefined): object | null {
  if (!state || state === 'null') return null;
  const value = JSON.parse(state);
  return value && typeof value === 'object' ? value : null;
}

/**
 * A manifest as stable, readable YAML for a diff: without the fields the cluster writes
 * (managed fields, resourceVersion, uid, generation, creation time, the last-applied
 * annotation) and without `status`, which Argo CD 3 ignores when comparing; keys sorted
 * (apiVersion, kind, metadata first; name and namespace first in metadata), lists kept in
 * order.
 *
 * @public
 */
export function normalizeManifest(manifest: object | null): string | null {
  if (!manifest) return null;
  const copy = structuredClone(manifest) as Record<string, unknown>;
  delete copy.status;
  const metadata = copy.metadata as Record<string, unknown> | undefined;
  if (metadata && typeof metadata === 'object') {
    for (const field of NOISY_METADATA) delete metadata[field];
    const annotations = metadata.annotations as
      | Record<string, unknown>
      | undefined;
    if (annotations && typeof annotations === 'object') {
      for (const field of NOISY_ANNOTATIONS) delete annotations[field];
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
    }
  }
  return stringify(sortKeys(copy, TOP_ORDER), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

function sortKeys(value: unknown, first: string[] = []): unknown {
  if (Array.isArray(value)) return value.map(item => sortKeys(item));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => {
    const ia = first.indexOf(a);
    const ib = first.indexOf(b);
    if (ia >= 0 || ib >= 0) {
      return (ia < 0 ? first.length : ia) - (ib < 0 ? first.length : ib);
    }
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    sorted[key] = sortKeys(
      record[key],
      key === 'metadata' ? METADATA_ORDER : [],
    );
  }
  return sorted;
}
