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
