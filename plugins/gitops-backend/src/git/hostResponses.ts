import { ConflictError } from '@backstage/errors';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import { hostStatusOf } from './GitProviderError';

/** The call's result, or null when the Git host answered 404 Not Found. */
export async function nullIfNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (hostStatusOf(error) === 404) return null;
    throw error;
  }
}

/**
 * Throws 409 when the branch's head is no longer the commit a change was read at: the
 * lost-update check before a commit is made.
 */
export async function requireBranchAt(
  provider: Pick<GitOpsRepositoryProvider, 'getBranchHead'>,
  branch: string,
  parentSha: string,
): Promise<void> {
  const head = await provider.getBranchHead(branch);
  if (head !== parentSha) {
    throw new ConflictError(
      `Branch ${branch} moved since it was read (${parentSha.slice(
        0,
        12,
      )} is no longer its head)`,
    );
  }
}
