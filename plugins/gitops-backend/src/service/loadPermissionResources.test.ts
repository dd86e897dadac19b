import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadPermissionResources } from './loadPermissionResources';

const gateway = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'gateway', namespace: 'default' },
};

describe('loadPermissionResources', () => {
  it('loads the entity and the environment of each reference, in order', async () => {
    const resources = await loadPermissionResources(
      [
        'component:default/gateway#staging',
        'component:default/missing#prod',
        'component:default/gateway',
      ],
      {
        catalog: catalogServiceMock({ entities: [gateway] }),
        auth: mockServices.auth(),
      },
    );
    expect(resources).toEqual([
      {
        entity: expect.objectContaining({ metadata: gateway.metadata }),
        environment: 'staging',
      },
      undefined,
      { entity: expect.objectContaining({ metadata: gateway.metadata }) },
    ]);
  });
});
