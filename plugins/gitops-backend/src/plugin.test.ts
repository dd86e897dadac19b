import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from './plugin';

const gitops = {
  repository: { url: 'https://github.com/acme/gitops' },
  environments: [
    { name: 'dev', autoMerge: true },
    { name: 'staging' },
    { name: 'prod', approvals: 2, autoMerge: true },
  ],
  argocd: { instances: [] },
};

describe('gitopsPlugin', () => {
  it('answers health without credentials and config with them', async () => {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.rootConfig.factory({ data: { gitops } }),
        catalogServiceMock.factory(),
      ],
    });
    await request(server)
      .get('/api/gitops/health')
      .set('Authorization', mockCredentials.none.header())
      .expect(200, { status: 'ok' });

    const config = await request(server).get('/api/gitops/v1/config');
    expect(config.status).toBe(200);
    // approvals forbid auto-merge, whatever autoMerge says
    expect(config.body.environments).toEqual([
      { name: 'dev', autoMerge: true, approvals: 0 },
      { name: 'staging', autoMerge: false, approvals: 0 },
      { name: 'prod', autoMerge: false, approvals: 2 },
    ]);
    await request(server)
      .get('/api/gitops/v1/config')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });

  it('refuses to start on invalid configuration', async () => {
    await expect(
      startTestBackend({
        features: [
          gitopsPlugin,
          mockServices.rootConfig.factory({
            data: { gitops: { ...gitops, environments: [] } },
          }),
          catalogServiceMock.factory(),
        ],
      }),
    ).rejects.toThrow(/gitops\.environments/);
  });
});
