import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { backendHandlers } from '../../__testUtils__/handlers';
import { renderGitOps } from '../../__testUtils__/renderGitOps';
import {
  makePausedStagingTarget,
  makeStatus,
  makeTarget,
} from '../../__testUtils__/status';
import { GitOpsOverviewCard } from './GitOpsOverviewCard';

const server = setupServer();
registerMswTestHooks(server);

describe('GitOpsOverviewCard', () => {
  it('shows an environment × status matrix linking to the tab', async () => {
    const status = makeStatus();
    status.environments[1].targets = [
      makePausedStagingTarget(2),
      makeTarget('staging', {
        cluster: 'staging-eu',
        drift: { outOfSync: 3, resources: [] },
      }),
    ];
    server.use(...backendHandlers({ status }));
    await renderGitOps(<GitOpsOverviewCard />);

    const table = await screen.findByRole('table', {
      name: 'GitOps status by environment',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.querySelector('strong')?.textContent)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(
      within(rows[1]).getByLabelText('staging: Synced, Progressing'),
    ).toHaveTextContent('Paused step 2 of 8');
    expect(
      within(rows[1]).getByLabelText('staging-eu: Synced, Healthy'),
    ).toHaveTextContent('3 drifted');
    expect(rows[0]).toHaveTextContent('a1a1a1a1a1a1');
    expect(screen.getByRole('link', { name: /View GitOps/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/gateway/gitops',
    );
  });
});
