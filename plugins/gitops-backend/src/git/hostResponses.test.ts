import { GitProviderError } from './GitProviderError';
import { nullIfNotFound, requireBranchAt } from './hostResponses';

describe('nullIfNotFound', () => {
  it('answers null for a 404 of the host and passes other failures on', async () => {
    await expect(
      nullIfNotFound(Promise.reject(new GitProviderError('gone', 404))),
    ).resolves.toBeNull();
    await expect(nullIfNotFound(Promise.resolve('x'))).resolves.toBe('x');
    await expect(
      nullIfNotFound(Promise.reject(new GitProviderError('refused', 403))),
    ).rejects.toMatchObject({ name: 'GitProviderError', hostStatus: 403 });
  });
});

describe('requireBranchAt', () => {
  const parent = 'a'.repeat(40);
  const at = (head: string | null) => ({
    getBranchHead: async () => head,
  });

  it('passes while the branch is at the parent', async () => {
    await expect(
      requireBranchAt(at(parent), 'main', parent),
    ).resolves.toBeUndefined();
  });

  it('answers 409 naming the branch when it moved or is gone', async () => {
    for (const head of ['b'.repeat(40), null]) {
      await expect(
        requireBranchAt(at(head), 'main', parent),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Branch main moved since it was read (${'a'.repeat(
          12,
        )} is no longer its head)`,
      });
    }
  });
});
