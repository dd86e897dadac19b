import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createGithubProviderFactory } from './githubProviderFactory';
import { createGitlabProviderFactory } from './gitlabProviderFactory';
import { selectRepositoryProvider } from './selectRepositoryProvider';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
          token: 't',
        },
      ],
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
          token: 'g',
        },
      ],
    },
  }),
);
const builtIns = [
  createGithubProviderFactory({ integrations }),
  createGitlabProviderFactory({ integrations }),
];

describe('selectRepositoryProvider', () => {
  it('picks the host from the integrations', () => {
    expect(
      selectRepositoryProvider('https://github.com/acme/gitops', builtIns).type,
    ).toBe('github');
    expect(
      selectRepositoryProvider('https://ghe.example.com/acme/gitops', builtIns),
    ).toMatchObject({
      type: 'github',
      webUrl: 'https://ghe.example.com/acme/gitops',
    });
    expect(
      selectRepositoryProvider(
        'https://gitlab.example.com/a/b/gitops.git',
        builtIns,
      ),
    ).toMatchObject({
      type: 'gitlab',
      webUrl: 'https://gitlab.example.com/a/b/gitops',
    });
  });

  it('lets a module serve a host first, and names an unknown host', () => {
    const custom = {
      type: 'bitbucket',
      supports: (url: string) =>
        url.startsWith('https://bitbucket.example.com/'),
      create: () => ({ type: 'bitbucket' } as never),
    };
    expect(
      selectRepositoryProvider('https://bitbucket.example.com/a/b', [
        custom,
        ...builtIns,
      ]).type,
    ).toBe('bitbucket');
    expect(() =>
      selectRepositoryProvider('https://dev.azure.com/a/b', builtIns),
    ).toThrow(
      /No Git provider serves gitops\.repository\.url \(host dev\.azure\.com\).*known: github, gitlab/,
    );
  });
});
