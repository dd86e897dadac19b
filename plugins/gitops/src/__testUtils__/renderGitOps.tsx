/*
 * Renders GitOps components in a legacy test app with the real GitOpsClient (talking to msw)
 * and a permission API the test controls.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  MockFetchApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ReactNode } from 'react';
import { GitOpsClient, gitOpsApiRef } from '../api';

export const gatewayEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'gateway',
    namespace: 'default',
    annotations: { 'gitops/service': 'gateway' },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

export function testClient() {
  return new GitOpsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: new MockFetchApi(),
    streamTiming: { pollIntervalMs: 50, reconnectDelayMs: 50 },
  });
}

export type PermissionDecider = (
  request: EvaluatePermissionRequest,
) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

export async function renderGitOps(
  element: ReactNode,
  options: {
    entity?: Entity;
    permission?: PermissionDecider | 'error';
  } = {},
) {
  const decide = options.permission;
  const permissionApi =
    decide === 'error'
      ? {
          authorize: async () => {
            throw new Error('apply-conditions is not implemented');
          },
        }
      : mockApis.permission({ authorize: decide ?? AuthorizeResult.ALLOW });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitOpsApiRef, testClient()],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? gatewayEntity}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

export { AuthorizeResult };
