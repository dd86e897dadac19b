/**
 * Compares two Kubernetes resourceVersions. Kubernetes calls them opaque, but Applications of
 * one Argo CD live in one etcd, whose revisions are increasing integers; Argo CD itself compares
 * them numerically (the watch's `resourceVersion` filter). Returns null when either is missing
 * or not numeric, and the caller then falls back to the order of arrival.
 *
 * @public
 */
export function compareResourceVersions(
  a: string | null | undefined,
  b: string | null | undefined,
): -1 | 0 | 1 | null {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return null;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** The larger of two resourceVersions (the later one seen when they are not comparable). */
export function maxResourceVersion(
  current: string | null | undefined,
  seen: string | null | undefined,
): string | null {
  if (!seen) return current ?? null;
  if (!current) return seen;
  const order = compareResourceVersions(current, seen);
  return order === null || order < 0 ? seen : current;
}

/**
 * The larger of two resourceVersions, ignoring any that is not numeric; null when neither is.
 * For watermarks, which only numeric versions can give.
 */
export function maxNumericResourceVersion(
  current: string | null | undefined,
  seen: string | null | undefined,
): string | null {
  const numeric = (v: string | null | undefined) =>
    v && /^\d+$/.test(v) ? v : null;
  const a = numeric(current);
  const b = numeric(seen);
  if (!a || !b) return a ?? b;
  return compareResourceVersions(a, b) === -1 ? b : a;
}
