import type {
  EntityGitOpsStatus,
  GitOpsPublicConfig,
} from '@gitops-portal/plugin-gitops-common';
import { environmentChoices } from './environmentChoices';

const config: GitOpsPublicConfig = {
  environments: [
    { name: 'dev', autoMerge: true, approvals: 0 },
    { name: 'staging', autoMerge: false, approvals: 0 },
    { name: 'prod', autoMerge: false, approvals: 2 },
  ],
  repository: { url: 'http://localhost:7010/acme/gitops', branch: 'main' },
};

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

function status(pins: Record<string, string | null>): EntityGitOpsStatus {
  return {
    entityRef: 'component:default/gateway',
    service: 'gateway',
    environments: Object.entries(pins).map(([name, digest]) => ({
      name,
      desired: digest ? { digest, commit: 'abc' } : null,
      targets: [],
    })),
    previews: [],
    errors: [],
  };
}

describe('environmentChoices', () => {
  it('offers every environment in promotion order by default', () => {
    expect(environmentChoices(config, {}).map(c => c.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('keeps only allowed environments, in promotion order', () => {
    expect(
      environmentChoices(config, { allowed: ['prod', 'dev'] }).map(c => c.name),
    ).toEqual(['dev', 'prod']);
  });

  it('offers environments that follow another as promotion targets', () => {
    expect(environmentChoices(config, { promotionTargets: true })).toEqual([
      { name: 'staging', from: 'dev', detail: 'from dev' },
      { name: 'prod', from: 'staging', detail: 'from staging' },
    ]);
  });

  it('drops targets that already run their source digest or whose source pins nothing', () => {
    expect(
      environmentChoices(
        config,
        { promotionTargets: true },
        status({ dev: B, staging: A, prod: A }),
      ),
    ).toEqual([
      {
        name: 'staging',
        from: 'dev',
        detail: `from dev: ${'a'.repeat(12)} → ${'b'.repeat(12)}`,
      },
    ]);
    expect(
      environmentChoices(
        config,
        { promotionTargets: true },
        status({ dev: null, staging: A, prod: null }),
      ).map(c => c.name),
    ).toEqual(['prod']);
  });
});
