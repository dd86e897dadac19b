import { InputError } from '@backstage/errors';

/**
 * A repository URL split into host and path.
 *
 * @public
 */
export interface ParsedRepositoryUrl {
  /** Host with its port, as Backstage integrations name it (`github.com`, `localhost:7010`). */
  host: string;
  /** Owner (user, organisation, or GitLab group path with subgroups). */
  owner: string;
  name: string;
  /** `owner/name`. */
  fullName: string;
}

/**
 * Splits `https://host/owner/name(.git)` (GitLab: `https://host/group/sub/name`).
 *
 * @public
 */
export function parseRepositoryUrl(url: string): ParsedRepositoryUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`Invalid repository URL ${url}`);
  }
  const parts = parsed.pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (parts.length < 2) {
    throw new InputError(
      `Repository URL ${parsed.origin}${parsed.pathname} does not name an owner and a repository`,
    );
  }
  const name = parts.pop()!;
  const owner = parts.join('/');
  return { host: parsed.host, owner, name, fullName: `${owner}/${name}` };
}

/** Encodes each segment of a slash-separated path for a URL, keeping the slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
