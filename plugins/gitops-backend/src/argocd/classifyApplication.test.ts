import { fixture } from './__testUtils__/MockArgoCd';
import {
  createApplicationClassifier,
  normalizeRepositoryUrl,
} from './classifyApplication';
import { applicationSchema } from './schemas';

const classify = createApplicationClassifier({
  repositoryUrl: 'https://github.com/acme/gitops',
  layout: 'envs/{environment}/{service}',
});

function app(raw: unknown) {
  return applicationSchema.parse(raw);
}

describe('normalizeRepositoryUrl', () => {
  it.each([
    ['https://github.com/acme/gitops.git', 'github.com/acme/gitops'],
    ['https://GitHub.com/Acme/GitOps/', 'github.com/acme/gitops'],
    ['http://github.com/acme/gitops', 'github.com/acme/gitops'],
    ['git@github.com:acme/gitops.git', 'github.com/acme/gitops'],
    ['ssh://git@github.com/acme/gitops.git', 'github.com/acme/gitops'],
    ['https://bot:secret@github.com/acme/gitops.git', 'github.com/acme/gitops'],
    ['http://127.0.0.1:7010/acme/gitops.git', 'localhost:7010/acme/gitops'],
    ['http://localhost:7010/acme/gitops', 'localhost:7010/acme/gitops'],
    [
      'https://gitlab.example.com/group/sub/gitops.git',
      'gitlab.example.com/group/sub/gitops',
    ],
  ])('%s → %s', (url, expected) => {
    expect(normalizeRepositoryUrl(url)).toBe(expected);
  });

  it('keeps different repositories apart', () => {
    expect(
      normalizeRepositoryUrl('https://github.com/acme/gitops-archive'),
    ).not.toBe(normalizeRepositoryUrl('https://github.com/acme/gitops'));
  });
});

describe('createApplicationClassifier', () => {
  const items = fixture('applications-nonprod.json').items;
  const byName = (name: string) =>
    classify(app(items.find((i: any) => i.metadata.name === name)));

  it('reads environment and service from the source path', () => {
    expect(byName('gateway-dev')).toEqual({
      environment: 'dev',
      service: 'gateway',
      preview: false,
      sourceIndex: 0,
    });
  });

  it('normalises the repository URL and path (case, .git, ./ and trailing slash)', () => {
    expect(byName('ledger-staging')).toMatchObject({
      environment: 'staging',
      service: 'ledger',
    });
    expect(byName('ledger-dev')).toMatchObject({
      environment: 'dev',
      service: 'ledger',
    });
  });

  it('reads a multi-source app through its $ref Helm value file', () => {
    expect(byName('web-staging')).toEqual({
      environment: 'staging',
      service: 'web',
      preview: false,
      sourceIndex: 1,
    });
  });

  it('detects previews by label or -pr-N name and takes the service from the name', () => {
    expect(byName('gateway-preview-pr-42')).toEqual({
      environment: null,
      service: 'gateway',
      preview: true,
      sourceIndex: 0,
    });
    const unlabelled = structuredClone(
      items.find((i: any) => i.metadata.name === 'gateway-preview-pr-42'),
    );
    unlabelled.metadata.name = 'ledger-pr-7';
    unlabelled.metadata.labels = {};
    expect(classify(app(unlabelled))).toMatchObject({
      preview: true,
      service: 'ledger',
    });
  });

  it('falls back to the gitops/environment label, else no environment', () => {
    expect(byName('legacy-billing')).toEqual({
      environment: 'staging',
      service: null,
      preview: false,
      sourceIndex: null,
    });
    expect(byName('orphan-tool')).toEqual({
      environment: null,
      service: null,
      preview: false,
      sourceIndex: null,
    });
  });

  it('ignores a path of the layout in another repository', () => {
    const raw = structuredClone(items[0]);
    raw.spec.source.repoURL = 'https://github.com/acme/gitops-archive.git';
    expect(classify(app(raw))).toMatchObject({
      environment: null,
      service: null,
    });
  });

  it('accepts folders below the service folder, and other layouts', () => {
    const raw = structuredClone(items[0]);
    raw.spec.source.path = 'envs/prod/gateway/overlays/eu';
    expect(classify(app(raw))).toMatchObject({
      environment: 'prod',
      service: 'gateway',
    });

    const other = createApplicationClassifier({
      repositoryUrl: 'git@github.com:acme/gitops.git',
      layout: 'services/{service}/overlays/{environment}',
    });
    raw.spec.source.path = 'services/gateway/overlays/staging';
    expect(other(app(raw))).toMatchObject({
      environment: 'staging',
      service: 'gateway',
    });
    raw.spec.source.path = 'services/gateway/base';
    expect(other(app(raw))).toMatchObject({ environment: null });
  });
});
