import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { backendHandlers, gateConflict } from '../../__testUtils__/handlers';
import {
  AuthorizeResult,
  renderGitOps,
} from '../../__testUtils__/renderGitOps';
import {
  DIGEST_CURRENT,
  DIGEST_OLD,
  ENTITY_REF,
  makeGates,
  makePlan,
} from '../../__testUtils__/status';
import { RollbackButton } from './RollbackButton';

const server = setupServer();
registerMswTestHooks(server);

/** Renders the roll back button of prod (pinned to the current digest) and opens its dialog. */
async function openProdRollbackDialog() {
  await renderGitOps(
    <RollbackButton
      entityRef={ENTITY_REF}
      environment="prod"
      currentDigest={DIGEST_CURRENT}
    />,
  );
  await userEvent.click(
    await screen.findByRole('button', { name: 'Roll back prod' }),
  );
  return screen.findByRole('dialog');
}

describe('RollbackButton and RollbackDialog', () => {
  it('lists the pin history, preselects the previous digest and opens the PR', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...backendHandlers({
        planRollback: body => {
          bodies.push({ ...body, dryRun: true });
          return makePlan({ type: 'rollback', digest: body.digest ?? null });
        },
      }),
    );
    const dialog = await openProdRollbackDialog();
    const table = await within(dialog).findByRole('table', {
      name: 'Pin history',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('b2b2b2b2b2b2 (current)');
    expect(rows[0]).toHaveTextContent('1a2b3c4');
    expect(rows[0]).toHaveTextContent('Guest');
    expect(within(rows[0]).getByRole('link', { name: /#40/ })).toBeVisible();
    expect(within(rows[0]).getByRole('radio')).toBeDisabled();
    // The previous good pin is preselected.
    expect(within(rows[1]).getByRole('radio')).toBeChecked();

    const confirm = within(dialog).getByRole('button', {
      name: 'Roll back to c3c3c3c3c3c3',
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(within(dialog).getByText('sync-window: passed')).toBeInTheDocument();
    await userEvent.click(confirm);

    expect(
      await within(dialog).findByRole('link', { name: /#43/ }),
    ).toHaveAttribute('href', 'http://localhost:7010/acme/gitops/pull/43');
    expect(bodies).toEqual([
      {
        entityRef: ENTITY_REF,
        environment: 'prod',
        digest: DIGEST_OLD,
        dryRun: true,
      },
    ]);
  });

  it('cannot confirm when a gate fails', async () => {
    server.use(
      ...backendHandlers({
        planRollback: () => gateConflict(makeGates(['sync-window'])),
      }),
    );
    const dialog = await openProdRollbackDialog();
    expect(
      await within(dialog).findByText('sync-window: failed'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Roll back to c3c3c3c3c3c3' }),
    ).toBeDisabled();
  });

  it('is blocked without gitops.rollback.create', async () => {
    server.use(...backendHandlers());
    await renderGitOps(
      <RollbackButton
        entityRef="component:default/no-rollback"
        environment="prod"
        currentDigest={DIGEST_CURRENT}
      />,
      {
        permission: request =>
          request.permission.name === 'gitops.rollback.create'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      },
    );
    const button = await screen.findByRole('button', {
      name: 'Roll back prod',
    });
    await waitFor(() =>
      expect(button).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(button).toHaveAccessibleDescription(
      'You may not roll back prod (permission gitops.rollback.create).',
    );
  });
});
