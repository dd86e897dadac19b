import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { eventStream } from '../../__testUtils__/eventStream';
import { backendHandlers, errorBody } from '../../__testUtils__/handlers';
import { gatewayEntity, renderGitOps } from '../../__testUtils__/renderGitOps';
import {
  DIGEST_CURRENT,
  DIGEST_NEW,
  makeRecord,
  makeStatus,
  makeStatusAtStagingStep,
  makeTarget,
} from '../../__testUtils__/status';
import { GitOpsContent } from './GitOpsContent';

const server = setupServer();
registerMswTestHooks(server);

describe('GitOpsContent', () => {
  it('shows progress while the status loads', async () => {
    let answer!: () => void;
    const statusGate = new Promise<void>(resolve => {
      answer = resolve;
    });
    server.use(...backendHandlers({ statusGate }));
    await renderGitOps(<GitOpsContent />);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    answer();
    expect(
      await screen.findByRole('region', { name: 'Environment dev' }),
    ).toBeInTheDocument();
  });

  it('shows the environments in promotion order with their targets', async () => {
    const status = makeStatus();
    // Backend order differs from the configured one.
    status.environments.reverse();
    // staging runs something else than its pin.
    status.environments[1].targets[0].digest = DIGEST_NEW;
    server.use(
      ...backendHandlers({
        status,
        records: [makeRecord({ state: 'open', to: 'staging' })],
      }),
    );
    await renderGitOps(<GitOpsContent />);

    const envs = await screen.findAllByRole('region', {
      name: /^Environment /,
    });
    expect(envs.map(e => e.getAttribute('aria-label'))).toEqual([
      'Environment dev',
      'Environment staging',
      'Environment prod',
    ]);

    const staging = within(envs[1]);
    expect(
      staging.getByLabelText(`Pinned ${DIGEST_CURRENT}`),
    ).toHaveTextContent('b2b2b2b2b2b2');
    expect(staging.getByLabelText('Sync: Synced')).toBeInTheDocument();
    expect(staging.getByLabelText('Health: Healthy')).toBeInTheDocument();
    expect(staging.getByText(/not the pin/)).toBeInTheDocument();
    expect(staging.getByText('PR #42')).toHaveAttribute(
      'href',
      'http://localhost:7010/acme/gitops/pull/42',
    );
    expect(
      staging.getByRole('link', { name: /^Open gateway-staging in Argo CD/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:7010/argocd/nonprod/applications/argocd/gateway-staging',
    );
    expect(within(envs[0]).queryByText(/not the pin/)).not.toBeInTheDocument();

    // A promote button between each adjacent pair.
    expect(
      await screen.findByRole('button', { name: 'Promote dev to staging' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Promote staging to prod' }),
    ).toBeInTheDocument();
    // Pending changes list the open pull request.
    const pending = screen.getByRole('table', {
      name: 'Pending promotions and rollbacks',
    });
    expect(
      within(pending).getByText('Promote dev → staging'),
    ).toBeInTheDocument();
    expect(within(pending).getByText('#42')).toBeInTheDocument();
  });

  it('says so when no application deploys the entity', async () => {
    server.use(
      ...backendHandlers({
        status: makeStatus({ environments: [], previews: [] }),
      }),
    );
    await renderGitOps(<GitOpsContent />);
    expect(
      await screen.findByText('No Argo CD application deploys this entity'),
    ).toBeInTheDocument();
  });

  it('renders the rest of the page when a target or an instance fails', async () => {
    const status = makeStatus({
      errors: [
        {
          instance: 'prod',
          code: 'UNREACHABLE',
          message: 'connect ECONNREFUSED',
        },
      ],
    });
    status.environments[1].targets.push(
      makeTarget('staging', {
        cluster: 'staging-eu',
        error: { code: 'TIMEOUT', message: 'Argo CD did not answer in 5 s' },
      }),
    );
    status.environments[2].targets = [];
    server.use(...backendHandlers({ status }));
    await renderGitOps(<GitOpsContent />);

    expect(
      await screen.findByText(/Argo CD did not answer in 5 s/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Argo CD instance prod could not be read/),
    ).toBeInTheDocument();
    const staging = screen.getByRole('region', { name: 'Environment staging' });
    expect(
      within(staging).getByRole('region', {
        name: 'Target staging on nonprod',
      }),
    ).toHaveTextContent('Synced');
    expect(
      screen.getByText('No application deploys prod.'),
    ).toBeInTheDocument();
  });

  it('says an instance is still sending its first list, and a target is still read', async () => {
    const status = makeStatus({
      errors: [
        {
          instance: 'prod',
          code: 'PENDING',
          message: 'Argo CD instance prod has not answered its first list yet',
        },
      ],
    });
    status.environments[1].targets = [
      makeTarget('staging', {
        rollout: null,
        syncWindows: null,
        detailsLoading: true,
      }),
    ];
    status.environments[2].targets = [];
    server.use(...backendHandlers({ status }));
    await renderGitOps(<GitOpsContent />);

    expect(
      await screen.findByText(/prod is still sending its first list/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Argo CD instance prod could not be read/),
    ).not.toBeInTheDocument();
    const staging = screen.getByRole('region', {
      name: 'Target staging on nonprod',
    });
    expect(staging).toHaveTextContent(
      'Reading rollout and sync windows from Argo CD…',
    );
  });

  it('shows the backend error when the status cannot be read', async () => {
    server.use(
      ...backendHandlers({
        status: () =>
          errorBody(
            403,
            'NotAllowedError',
            'Missing permission gitops.status.read',
          ),
      }),
    );
    await renderGitOps(<GitOpsContent />);
    expect(
      (await screen.findAllByText(/Missing permission gitops.status.read/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('asks for the annotation on entities without one', async () => {
    server.use(...backendHandlers());
    await renderGitOps(<GitOpsContent />, {
      entity: { ...gatewayEntity, metadata: { name: 'plain' } },
    });
    expect(
      (await screen.findAllByText(/gitops\/service/)).length,
    ).toBeGreaterThan(0);
  });

  it('follows rollout steps live without replacing the page', async () => {
    const events = eventStream();
    server.use(
      ...backendHandlers({
        status: makeStatusAtStagingStep(1),
        events: events.body,
      }),
    );
    await renderGitOps(<GitOpsContent />);

    const target = await screen.findByRole('region', {
      name: 'Target staging on nonprod',
    });
    expect(
      within(target).getByText('Canary · step 1 of 8'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('status', { name: 'Updates: Live' }),
    ).toBeInTheDocument();

    events.send(makeStatusAtStagingStep(3));
    await waitFor(() =>
      expect(
        within(target).getByText('Canary · step 3 of 8'),
      ).toBeInTheDocument(),
    );
    // Same DOM node: the page was updated in place, not re-mounted.
    expect(
      screen.getByRole('region', { name: 'Target staging on nonprod' }),
    ).toBe(target);

    const done = makeStatus();
    events.send(done);
    await waitFor(() =>
      expect(
        within(target).getByLabelText('Health: Healthy'),
      ).toBeInTheDocument(),
    );
    expect(
      within(target).getByLabelText('Rollout state: Complete'),
    ).toBeInTheDocument();
  });

  it('loads status and change records in one request, and follows new records on the events', async () => {
    const events = eventStream();
    server.use(...backendHandlers({ records: [], events: events.body }));
    const requests: string[] = [];
    const onRequest = ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}${url.search}`);
    };
    server.events.on('request:start', onRequest);
    try {
      await renderGitOps(<GitOpsContent />);
      expect(
        await screen.findByRole('status', { name: 'Updates: Live' }),
      ).toBeInTheDocument();
      const entity = '/api/gitops/v1/entities/default/component/gateway';
      expect(requests).toContain(`GET ${entity}/status?include=changes`);
      expect(requests).toContain(`GET ${entity}/events?include=changes`);
      expect(
        requests.filter(r => r.startsWith('GET /api/gitops/v1/promotions')),
      ).toEqual([]);
      expect(
        screen.queryByRole('table', {
          name: 'Pending promotions and rollbacks',
        }),
      ).not.toBeInTheDocument();

      // A record written meanwhile arrives with the next status event.
      events.send({
        ...makeStatus(),
        changes: [makeRecord({ state: 'open', to: 'staging' })],
      });
      const pending = await screen.findByRole('table', {
        name: 'Pending promotions and rollbacks',
      });
      expect(within(pending).getByText('#42')).toBeInTheDocument();
      expect(
        requests.filter(r => r.startsWith('GET /api/gitops/v1/promotions')),
      ).toEqual([]);
    } finally {
      server.events.removeListener('request:start', onRequest);
    }
  });

  it('opens the drift drawer from a drift count', async () => {
    const status = makeStatus();
    status.environments[0].targets[0].drift = {
      outOfSync: 2,
      resources: [],
    };
    server.use(...backendHandlers({ status }));
    await renderGitOps(<GitOpsContent />);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show 2 drifted resources of gateway-dev',
      }),
    );
    const drawer = await screen.findByRole('region', { name: 'Drift' });
    expect(
      await within(drawer).findByText('2 out-of-sync resources', {
        exact: false,
      }),
    ).toBeInTheDocument();
  });
});
