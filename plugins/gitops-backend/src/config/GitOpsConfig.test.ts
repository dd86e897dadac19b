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
