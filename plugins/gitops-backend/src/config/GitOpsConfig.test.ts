import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from './GitOpsConfig';

const valid = {
  repository: { url: 'https://github.com/acme/gitops' },
  environments: [{ name: 'dev', autoMerge: true }, { name: 'staging' }],
  argocd: {
    instances: [
      { name: 'nonprod', url: 'https://argocd.example.com', token: 's3cret' },
    ],
  },
};

describe('readGitOpsConfig', () => {
  it('applies defaults', () => {
    const config = readGitOpsConfig(new ConfigReader({ gitops: valid }));
    expect(config.repository.branch).toBe('main');
    expect(config.repository.layout).toBe('envs/{environment}/{service}');
    expect(config.environments[1]).toEqual({
      name: 'staging',
      autoMerge: false,
      approvals: 0,
    });
    expect(config.argocd.instances[0].timeout).toBe(5000);
    expect(config.argocd.fullListIntervalSeconds).toBe(300);
    expect(config.argocd.watchIdleTimeoutSeconds).toBe(120);
  });

  it('decides auto-merge once: an environment that needs approvals never merges by itself', () => {
    const config = readGitOpsConfig(
      new ConfigReader({
        gitops: {
          ...valid,
          environments: [
            { name: 'dev', autoMerge: true },
            { name: 'prod', autoMerge: true, approvals: 2 },
          ],
        },
      }),
    );
    expect(config.environments.map(e => [e.name, e.autoMerge])).toEqual([
      ['dev', true],
      ['prod', false],
    ]);
  });

  it('reads the watch idle timeout and refuses one that is not a positive integer', () => {
    const withTimeout = (watchIdleTimeoutSeconds: number) =>
      new ConfigReader({
        gitops: {
          ...valid,
          argocd: { ...valid.argocd, watchIdleTimeoutSeconds },
        },
      });
    expect(
      readGitOpsConfig(withTimeout(600)).argocd.watchIdleTimeoutSeconds,
    ).toBe(600);
    expect(() => readGitOpsConfig(withTimeout(0))).toThrow(
      /gitops\.argocd\.watchIdleTimeoutSeconds/,
    );
  });

  it('names the faulty key without echoing secrets', () => {
    const bad = {
      ...valid,
      argocd: {
        instances: [{ name: 'nonprod', url: 'not a url', token: 's3cret' }],
      },
    };
    const read = () => readGitOpsConfig(new ConfigReader({ gitops: bad }));
    expect(read).toThrow(/gitops\.argocd\.instances\.0\.url/);
    expect(read).not.toThrow(/s3cret/);
  });

  it('refuses an instance without credentials and duplicate environments', () => {
    expect(() =>
      readGitOpsConfig(
        new ConfigReader({
          gitops: {
            ...valid,
            argocd: { instances: [{ name: 'a', url: 'https://a.example' }] },
          },
        }),
      ),
    ).toThrow(/needs a token/);
    expect(() =>
      readGitOpsConfig(
        new ConfigReader({
          gitops: {
            ...valid,
            environments: [{ name: 'dev' }, { name: 'dev' }],
          },
        }),
      ),
    ).toThrow(/unique/);
  });
});
