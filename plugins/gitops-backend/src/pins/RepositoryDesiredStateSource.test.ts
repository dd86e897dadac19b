import { InMemoryRepositoryProvider } from '../__testUtils__/InMemoryRepositoryProvider';
import { RepositoryDesiredStateSource } from './RepositoryDesiredStateSource';
import { readServicePin } from './readServicePin';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const helm = (d: string) =>
  `image:\n  repository: ghcr.io/acme/gateway\n  digest: ${d}\n`;
const kustomize = (d: string) =>
  `resources: [../../../base/ledger]\nimages:\n  - name: ghcr.io/acme/ledger\n    digest: ${d}\n`;

function repository() {
  return new InMemoryRepositoryProvider({
    'envs/dev/gateway/values.yaml': helm(A),
    'envs/dev/gateway/Chart.yaml': 'name: gateway\n',
    'envs/dev/ledger/kustomization.yaml': kustomize(A),
    'envs/staging/gateway/values.yml': helm(B),
    'envs/prod/both/values.yaml': helm(A),
    'envs/prod/both/kustomization.yaml': kustomize(A),
    'envs/prod/broken/values.yaml': 'image: [\n',
  });
}

describe('readServicePin', () => {
  it('detects the format per folder', async () => {
    const repo = repository();
    const head = (await repo.getBranchHead('main'))!;
    const gateway = await readServicePin(repo, 'envs/dev/gateway', head, {
      service: 'gateway',
    });
    expect(gateway).toMatchObject({
      format: 'helm',
      digest: A,
      path: 'envs/dev/gateway/values.yaml',
    });
    const ledger = await readServicePin(repo, 'envs/dev/ledger', head, {
      service: 'ledger',
    });
    expect(ledger).toMatchObject({
      format: 'kustomize',
      digest: A,
      repository: 'ghcr.io/acme/ledger',
    });
    expect(ledger!.file.content).toBe(kustomize(A));
    const yml = await readServicePin(repo, 'envs/staging/gateway', head, {
      service: 'gateway',
    });
    expect(yml).toMatchObject({
      format: 'helm',
      digest: B,
      path: 'envs/staging/gateway/values.yml',
    });
    expect(
      await readServicePin(repo, 'envs/prod/gateway', head, {
        service: 'gateway',
      }),
    ).toBeNull();
  });

  it('refuses a folder that pins twice or a broken file', async () => {
    const repo = repository();
    const head = (await repo.getBranchHead('main'))!;
    await expect(
      readServicePin(repo, 'envs/prod/both', head, { service: 'both' }),
    ).rejects.toThrow(/pins the image twice/);
    await expect(
      readServicePin(repo, 'envs/prod/broken', head, { service: 'broken' }),
    ).rejects.toThrow(/envs\/prod\/broken\/values\.yaml/);
  });
});

describe('RepositoryDesiredStateSource', () => {
  it('reads the pin and the commit that last changed it', async () => {
    const repo = repository();
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
    });
    const first = await source.getDesiredState('gateway', 'dev');
    expect(first).toEqual({
      digest: A,
      commit: await repo.getBranchHead('main'),
    });
    expect(await source.getDesiredState('gateway', 'prod')).toBeNull();
    await expect(source.getDesiredState('../x', 'dev')).rejects.toThrow(
      /Invalid service name/,
    );
  });

  it('costs one head lookup per TTL while the branch does not move, and rereads after it moves', async () => {
    let now = 0;
    const repo = repository();
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
      headTtlMs: 1000,
      now: () => now,
    });
    await Promise.all([
      source.getDesiredState('gateway', 'dev'),
      source.getDesiredState('gateway', 'dev'),
    ]);
    const readsAfterFirst = repo.calls.readFile;
    for (let i = 0; i < 10; i++) await source.getDesiredState('gateway', 'dev');
    expect(repo.calls.getBranchHead).toBe(1);
    expect(repo.calls.readFile).toBe(readsAfterFirst);

    // the branch moves, but the cache holds until the TTL is over
    const pinCommit = repo.push(
      'main',
      { 'envs/dev/gateway/values.yaml': helm(B) },
      'pin B',
    );
    repo.push('main', { 'README.md': 'x' }, 'docs');
    expect((await source.getDesiredState('gateway', 'dev'))!.digest).toBe(A);
    now = 1000;
    expect(await source.getDesiredState('gateway', 'dev')).toEqual({
      digest: B,
      commit: pinCommit,
    });
    expect(repo.calls.getBranchHead).toBe(2);
  });

  it('does not cache failures', async () => {
    const repo = repository();
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
      headTtlMs: 0,
    });
    repo.failures.readFile = new Error('boom');
    await expect(source.getDesiredState('gateway', 'dev')).rejects.toThrow(
      'boom',
    );
    repo.failures.readFile = undefined;
    expect((await source.getDesiredState('gateway', 'dev'))!.digest).toBe(A);
  });

  /** A service on three environments, as the status route asks for it on a first view. */
  function threeEnvironments() {
    return new InMemoryRepositoryProvider({
      'envs/dev/gateway/values.yaml': helm(B),
      'envs/dev/gateway/Chart.yaml': 'name: gateway\n',
      'envs/staging/gateway/values.yaml': helm(A),
      'envs/prod/gateway/values.yaml': helm(A),
      'envs/dev/ledger/kustomization.yaml': kustomize(A),
      'README.md': 'docs\n',
    });
  }
  const firstView = (source: RepositoryDesiredStateSource) =>
    Promise.all(
      ['dev', 'staging', 'prod', 'preview'].map(env =>
        source.getDesiredState('gateway', env),
      ),
    );

  it('reads a first view from one tree listing per head, a file read per distinct content and a commit lookup per pin', async () => {
    const repo = threeEnvironments();
    const head = (await repo.getBranchHead('main'))!;
    repo.calls.getBranchHead = 0;
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
    });
    expect(await firstView(source)).toEqual([
      { digest: B, commit: head },
      { digest: A, commit: head },
      { digest: A, commit: head },
      null,
    ]);
    // staging and prod hold the same bytes: one read; the missing folder costs nothing
    expect(repo.calls).toEqual({
      getBranchHead: 1,
      listTree: 1,
      readFile: 2,
      listCommits: 3,
    });
  });

  it('after the branch moves, reads only the pins whose file changed', async () => {
    let now = 0;
    const repo = threeEnvironments();
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
      headTtlMs: 1000,
      now: () => now,
    });
    const initial = (await source.getDesiredState('gateway', 'prod'))!.commit;
    await firstView(source);
    const before = { ...repo.calls };

    const promoted = repo.push(
      'main',
      { 'envs/staging/gateway/values.yaml': helm(B) },
      'promote B to staging',
    );
    repo.push('main', { 'README.md': 'more docs\n' }, 'docs');
    now = 1000;
    expect(await firstView(source)).toEqual([
      { digest: B, commit: initial },
      { digest: B, commit: promoted },
      { digest: A, commit: initial },
      null,
    ]);
    // one new head, one new tree; staging's bytes equal dev's (already read): no file read
    expect(repo.calls.getBranchHead - before.getBranchHead).toBe(1);
    expect(repo.calls.listTree - before.listTree).toBe(1);
    expect(repo.calls.readFile - before.readFile).toBe(0);
    expect(repo.calls.listCommits - before.listCommits).toBe(1);

    // a file that changes format is found through the new tree
    repo.push(
      'main',
      {
        'envs/prod/gateway/values.yaml': null,
        'envs/prod/gateway/kustomization.yaml': kustomize(B).replace(
          'ledger',
          'gateway',
        ),
      },
      'prod to kustomize',
    );
    now = 2000;
    expect(await source.getPin('gateway', 'prod')).toMatchObject({
      pin: { format: 'kustomize', digest: B },
    });
  });

  it('probes file by file when the provider cannot list the whole layout', async () => {
    const repo = threeEnvironments();
    repo.treeLimit = 2;
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
    });
    const head = await repo.getBranchHead('main');
    expect((await firstView(source))[0]).toEqual({ digest: B, commit: head });
    expect(await source.getDesiredState('ledger', 'dev')).toEqual({
      digest: A,
      commit: head,
    });
    // a cut listing is asked for once, never again
    expect(repo.calls.listTree).toBe(1);
    expect(repo.calls.readFile).toBeGreaterThan(4);
  });

  it('does not cache a failed tree listing', async () => {
    const repo = threeEnvironments();
    const source = new RepositoryDesiredStateSource({
      provider: repo,
      branch: 'main',
      layout: 'envs/{environment}/{service}',
    });
    repo.failures.listTree = new Error('tree boom');
    await expect(source.getDesiredState('gateway', 'dev')).rejects.toThrow(
      'tree boom',
    );
    repo.failures.listTree = undefined;
    expect((await source.getDesiredState('gateway', 'dev'))!.digest).toBe(B);
    expect(repo.calls.listTree).toBe(2);
  });
});
