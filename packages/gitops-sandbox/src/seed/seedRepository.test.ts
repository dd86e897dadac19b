import { join } from 'node:path';
import { parse } from 'yaml';
import { GitRepository } from '../git/GitRepository';
import { gitText } from '../git/runGit';
import { DEMO_SERVICES, versionDigest } from '../demo';
import { tempDir } from '../testing/helpers';
import { servicesOfApplicationSet } from '../reconcile/DesiredStateReader';
import { seedRepository } from './seedRepository';

describe('seedRepository', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  it('is deterministic: two seeds give the same commits', async () => {
    const first = await seedRepository(join(dir.path, 'a'));
    const second = await seedRepository(join(dir.path, 'b'));
    const headA = await gitText(join(dir.path, 'a'), ['rev-parse', 'main']);
    const headB = await gitText(join(dir.path, 'b'), ['rev-parse', 'main']);
    expect(headA).toMatch(/^[0-9a-f]{40}$/);
    expect(headA).toBe(headB);
    expect(first).toEqual(second);
  });

  it('is shaped like a GitOps repository with per-environment history and merged PRs', async () => {
    const path = join(dir.path, 'a');
    const repo = new GitRepository(path);
    const root = (await repo.listTree('main')).map(e => e.path);
    expect(root).toEqual(
      expect.arrayContaining([
        'bootstrap',
        'projects',
        'applicationsets',
        'platform',
        'envs',
        'base',
        'charts',
        'previews',
        'README.md',
      ]),
    );
    for (const env of ['dev', 'staging', 'prod']) {
      const helm = parse(
        (await repo.readFile(
          'main',
          `envs/${env}/gateway/values.yaml`,
        ))!.content.toString(),
      );
      expect(helm.image.repository).toBe('ghcr.io/acme/gateway');
      expect(helm.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const kustomize = parse(
        (await repo.readFile(
          'main',
          `envs/${env}/ledger/kustomization.yaml`,
        ))!.content.toString(),
      );
      expect(kustomize.images[0]).toEqual({
        name: 'ghcr.io/acme/ledger',
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
      expect(kustomize.resources).toEqual(['../../../base/ledger']);
    }
    // dev is ahead of staging, which is ahead of prod
    const pin = async (env: string) =>
      parse(
        (await repo.readFile(
          'main',
          `envs/${env}/gateway/values.yaml`,
        ))!.content.toString(),
      ).image.digest;
    const gateway = DEMO_SERVICES.find(s => s.name === 'gateway')!;
    expect(await pin('dev')).toBe(
      versionDigest('gateway', gateway.versions[3]),
    );
    expect(await pin('staging')).toBe(
      versionDigest('gateway', gateway.versions[2]),
    );
    expect(await pin('prod')).toBe(
      versionDigest('gateway', gateway.versions[1]),
    );
    // comments survive in the files people edit
    expect(
      (await repo.readFile(
        'main',
        'envs/prod/gateway/values.yaml',
      ))!.content.toString(),
    ).toContain('# Pinned by digest');
    // the ApplicationSets list the services
    expect(
      servicesOfApplicationSet(
        (await repo.readFile(
          'main',
          'applicationsets/nonprod/services.yaml',
        ))!.content.toString(),
      ),
    ).toEqual(['gateway', 'ledger', 'web']);

    // history: several commits per environment, different authors, merge commits for promotions
    for (const env of ['dev', 'staging', 'prod']) {
      const commits = await repo.log({
        ref: 'main',
        path: `envs/${env}/gateway`,
        firstParent: true,
      });
      expect(commits.length).toBeGreaterThanOrEqual(2);
    }
    const staging = await repo.log({
      ref: 'main',
      path: 'envs/staging/web',
      firstParent: true,
    });
    expect(staging[0].message).toMatch(
      /^Merge pull request #\d+ from acme\/rollback\/staging\/web\//,
    );
    expect(staging[0].parents).toHaveLength(2);
    const all = await repo.log({ ref: 'main' });
    expect(new Set(all.map(c => c.author.name)).size).toBeGreaterThanOrEqual(4);
    expect(
      all.filter(c => c.parents.length === 2).length,
    ).toBeGreaterThanOrEqual(8);
    // only main remains; the worktree is clean
    expect((await repo.branches()).map(b => b.name)).toEqual(['main']);
    expect(await gitText(path, ['status', '--porcelain'])).toBe('');
  });

  it('returns the merged pull requests of that history', async () => {
    const pulls = await seedRepository(join(dir.path, 'c'));
    const repo = new GitRepository(join(dir.path, 'c'));
    expect(pulls.length).toBe(10);
    for (const pull of pulls) {
      expect(pull.merged).toBe(true);
      const merge = (await repo.getCommit(pull.mergeCommitSha!))!;
      expect(merge.parents).toEqual([pull.baseSha, pull.headSha]);
      expect(merge.message.split('\n')[0]).toBe(
        `Merge pull request #${pull.number} from acme/${pull.headRef}`,
      );
    }
  });
});
