import type { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { backendHandlers } from '../__testUtils__/handlers';
import { gatewayEntity } from '../__testUtils__/renderGitOps';
import gitopsPlugin from './plugin';

const server = setupServer();
registerMswTestHooks(server);

const config = { backend: { baseUrl: 'http://backstage.test' } };

describe('gitops plugin (new frontend system)', () => {
  it('shows the GitOps content and card for an annotated entity, through its own API', async () => {
    server.use(...backendHandlers());
    renderTestApp({
      features: [gitopsPlugin],
      extensions: [createTestEntityPage({ entity: gatewayEntity })],
      config,
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'GitOps status by environment' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Environment staging' }),
    ).toBeInTheDocument();
  });

  it('leaves entities without the annotations alone', async () => {
    const plain: Entity = {
      ...gatewayEntity,
      metadata: { name: 'plain', namespace: 'default' },
    };
    renderTestApp({
      features: [gitopsPlugin],
      extensions: [createTestEntityPage({ entity: plain })],
      config,
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
  });
});
