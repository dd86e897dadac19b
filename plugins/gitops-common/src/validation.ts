/**
 * A container image digest: `sha256:` and 64 lowercase hex characters.
 *
 * @public
 */
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/**
 * A service or environment folder name: one plain path segment.
 *
 * @public
 */
export const FOLDER_NAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

/**
 * An image repository without tag or digest, as `docker pull` accepts it: an optional registry
 * host (dot-separated labels, any case, optional port) and `/`, then lowercase path components
 * separated by `/`, each made of alphanumeric runs joined by `.`, `_`, `__` or dashes. The one
 * rule for the backend's changes and the scaffolder actions.
 *
 * @public
 */
export const IMAGE_REPOSITORY_PATTERN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * True for an image repository (see {@link IMAGE_REPOSITORY_PATTERN}).
 *
 * @public
 */
export function isImageRepository(value: unknown): value is string {
  return typeof value === 'string' && IMAGE_REPOSITORY_PATTERN.test(value);
}

/**
 * True for a well-formed image digest.
 *
 * @public
 */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST_PATTERN.test(value);
}

/**
 * True for a name that is one plain folder (no `..`, `/`, absolute path or empty string).
 *
 * @public
 */
export function isFolderName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    FOLDER_NAME_PATTERN.test(value) &&
    !value.includes('..')
  );
}

/**
 * First 12 hex characters of a digest, as used in branch names and short displays.
 *
 * @public
 */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
