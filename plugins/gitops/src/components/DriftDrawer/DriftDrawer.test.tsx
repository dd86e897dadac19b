import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { backendHandlers, errorBody } from '../../__testUtils__/handlers';
import { renderGitOps } from '../../__testUtils__/renderGitOps';
import { ENTITY_REF, makeTarget } from '../../__testUtils__/status';
import { DriftDrawer } from './DriftDrawer';

const server = setupServer();
registerMswTestHooks(server);

const drift = {
  environment: 'dev',
  target: makeTarget('dev', { drift: { outOfSync: 2, resources: [] } }),
};

describe('DriftDrawer', () => {
  it('groups drifted resources by sync wave with a side-by-side diff', async () => {
    server.use(...backendHandlers());
    await renderGitOps(
      <DriftDrawer entityRef={ENTITY_REF} drift={drift} onClose={() => {}} />,
    );
    const waves = await screen.findAllByRole('region', { name: /Sync wave/ });
    expect(waves.map(w => w.getAttribute('aria-label'))).toEqual([
      'Sync wave -1',
      'Sync wave 1',
    ]);
    // A resource missing from the cluster shows its desired manifest.
    expect(
      within(waves[0]).getByText('Missing from the cluster. Desired manifest:'),
    ).toBeInTheDocument();

    const diff = within(waves[1]).getByRole('table', {
      name: 'Diff of Deployment gateway-worker, desired against live',
    });
    const changed = within(diff)
      .getAllByRole('row')
      .find(row => row.textContent?.includes('replicas: 2'));
    expect(changed).toHaveTextContent('replicas: 2');
    expect(changed).toHaveTextContent('replicas: 5');
    expect(within(diff).getByText('Desired (git)')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Unified' }));
    const unified = within(
      screen.getAllByRole('region', { name: /Sync wave/ })[1],
    ).getByRole('table');
    const lines = within(unified)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(lines).toEqual([
      '@@ -1,2 +1,2 @@',
      '11  spec:',
      '2-   replicas: 2',
      '2+   replicas: 5',
    ]);
  });

  it('shows an error when the drift cannot be loaded', async () => {
    server.use(
      ...backendHandlers({
        drift: () => errorBody(502, 'Error', 'Argo CD nonprod answered 502'),
      }),
    );
    await renderGitOps(
      <DriftDrawer entityRef={ENTITY_REF} drift={drift} onClose={() => {}} />,
    );
    expect(
      (await screen.findAllByText(/Argo CD nonprod answered 502/)).length,
    ).toBeGreaterThan(0);
  });

  it('closes from its close button', async () => {
    server.use(...backendHandlers());
    const onClose = jest.fn();
    await renderGitOps(
      <DriftDrawer entityRef={ENTITY_REF} drift={drift} onClose={onClose} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Close drift' }),
    );
    expect(onClose).toHaveBeenCalled();
  });
});
