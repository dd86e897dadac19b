import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  backendHandlers,
  errorBody,
  gateConflict,
} from '../../__testUtils__/handlers';
import {
  AuthorizeResult,
  renderGitOps,
} from '../../__testUtils__/renderGitOps';
import {
  DIGEST_NEW,
  ENTITY_REF,
  makeGates,
  makePlan,
  makeRecord,
} from '../../__testUtils__/status';
import { PromoteButton } from './PromoteButton';

const server = setupServer();
registerMswTestHooks(server);

const promoteButton = () =>
  screen.findByRole('button', { name: 'Promote dev to staging' });

async function renderButton(
  options: Parameters<typeof renderGitOps>[1] = {},
  entityRef = ENTITY_REF,
) {
  return renderGitOps(
    <PromoteButton
      entityRef={entityRef}
      from="dev"
      to="staging"
      refreshKey="k"
    />,
    options,
  );
}

/** Waits until the dry run has answered (the button no longer says it is checking). */
async function settled() {
  const button = await promoteButton();
  await waitFor(() =>
    expect(button).not.toHaveAccessibleDescription('Checking the gates…'),
  );
  return button;
}

describe('PromoteButton', () => {
  it('promotes after confirmation and shows the pull request', async () => {
    const requests: unknown[] = [];
    server.use(
      ...backendHandlers({
        planPromotion: body => {
          requests.push({ ...body, dryRun: true });
          return makePlan();
        },
        promote: body => {
          requests.push(body);
          return makeRecord();
        },
      }),
    );
    await renderButton();
    const button = await settled();
    expect(button).not.toHaveAttribute('aria-disabled');
    await userEvent.click(button);

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByRole('heading', { name: 'Promote dev → staging' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(`Digest ${DIGEST_NEW}`)).toBeVisible();
    const gates = within(dialog).getByRole('list', { name: 'Gates' });
    expect(within(gates).getAllByRole('listitem')).toHaveLength(5);
    expect(within(gates).getByText('permission: passed')).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote to staging' }),
    );
    const link = await within(dialog).findByRole('link', { name: /#42/ });
    expect(link).toHaveAttribute(
      'href',
      'http://localhost:7010/acme/gitops/pull/42',
    );
    expect(within(dialog).getByText('open')).toBeInTheDocument();
    expect(requests).toEqual([
      { from: 'dev', to: 'staging', entityRef: ENTITY_REF, dryRun: true },
      { from: 'dev', to: 'staging', entityRef: ENTITY_REF, dryRun: false },
    ]);
  });

  it.each([
    'permission',
    'source-digest',
    'source-health',
    'not-at-digest',
    'sync-window',
  ])('is blocked and says why when the %s gate fails', async gate => {
    server.use(
      ...backendHandlers({
        planPromotion: () => makePlan({ gates: makeGates([gate]) }),
      }),
    );
    await renderButton();
    const button = await settled();
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(
      `${gate}: ${gate} failed: blocked`,
    );
    // Inert: clicking opens nothing.
    await userEvent.click(button);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The reason shows on hover too.
    await userEvent.hover(button);
    expect(
      await screen.findByRole('tooltip', {
        name: `${gate}: ${gate} failed: blocked`,
      }),
    ).toBeInTheDocument();
  });

  it('takes gates from a 409 answer to the dry run', async () => {
    server.use(
      ...backendHandlers({
        planPromotion: () => gateConflict(makeGates(['sync-window'])),
      }),
    );
    await renderButton();
    const button = await settled();
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(
      'sync-window: sync-window failed: blocked',
    );
  });

  it('is blocked without gitops.promotion.create, asking for the environment', async () => {
    const asked: unknown[] = [];
    server.use(...backendHandlers());
    // Another entity: usePermission caches decisions per resource across tests.
    const denied = 'component:default/denied';
    await renderButton(
      {
        permission: request => {
          asked.push(request);
          return AuthorizeResult.DENY;
        },
      },
      denied,
    );
    const button = await promoteButton();
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'You may not promote to staging (permission gitops.promotion.create).',
      ),
    );
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(asked).toContainEqual(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'gitops.promotion.create',
        }),
        resourceRef: `${denied}#staging`,
      }),
    );
  });

  it('relies on the gates when the permission backend cannot decide', async () => {
    server.use(...backendHandlers());
    await renderButton({ permission: 'error' }, 'component:default/undecided');
    const button = await settled();
    expect(button).not.toHaveAttribute('aria-disabled');
  });

  it('shows the backend refusal of the dry run', async () => {
    server.use(
      ...backendHandlers({
        planPromotion: () =>
          errorBody(400, 'InputError', 'staging already runs sha256:a1a1'),
      }),
    );
    await renderButton();
    const button = await settled();
    expect(button).toHaveAccessibleDescription(
      'staging already runs sha256:a1a1',
    );
  });

  it('shows the failed gates when the real promotion is refused', async () => {
    server.use(
      ...backendHandlers({
        promote: () => gateConflict(makeGates(['source-health'])),
      }),
    );
    await renderButton();
    await userEvent.click(await settled());
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote to staging' }),
    );
    expect(
      await within(dialog).findByText('source-health: failed'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Gates failed: source-health',
    );
  });
});
