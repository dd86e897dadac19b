import { NotAllowedError } from '@backstage/errors';
import {
  createGitOpsActionContext,
  outputsOf,
} from './__testUtils__/actionContext';
import {
  createCheckpointStore,
  createTestClient,
} from './__testUtils__/fakeGitOpsBackend';
import { setupGitOpsBackendServer } from './__testUtils__/gitOpsBackendServer';
import { itRejectsBadInputWithoutCallingTheBackend } from './__testUtils__/itRejectsBadInput';
import { createGitOpsOnboardServiceAction } from './onboardService';

const DIGEST = `sha256:${'e'.repeat(64)}`;

describe('gitops:onboard-service', () => {
  const gitops = setupGitOpsBackendServer();

  const action = createGitOpsOnboardServiceAction({
    client: createTestClient(),
  });

  it('opens one pull request for every environment by default', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { service: 'payments', image: 'ghcr.io/acme/payments' },
    });

    await action.handler(ctx);

    expect(backend.received).toEqual([
      {
        route: '/v1/onboardings',
        onBehalfOf: 'user:default/mock',
        body: {
          service: 'payments',
          image: 'ghcr.io/acme/payments',
          dryRun: false,
        },
      },
    ]);
    expect(outputsOf(ctx)).toMatchObject({
      pullRequestUrl: 'http://localhost:7010/acme/gitops/pull/41',
      pullRequestNumber: 41,
      state: 'open',
    });
    // No initial digest: there is nothing pinned to report.
    expect(outputsOf(ctx).digest).toBeUndefined();
  });

  it('passes environments, digest and format through', async () => {
    const backend = gitops.serveFakeBackend();

    await action.handler(
      createGitOpsActionContext({
        input: {
          service: 'search',
          image: 'localhost:5000/acme/search',
          environments: ['dev', 'staging'],
          digest: DIGEST,
          format: 'kustomize' as const,
        },
      }),
    );

    expect(backend.received[0].body).toEqual({
      service: 'search',
      image: 'localhost:5000/acme/search',
      environments: ['dev', 'staging'],
      digest: DIGEST,
      format: 'kustomize',
      dryRun: false,
    });
  });

  it('does not open a second pull request when a task is retried', async () => {
    const backend = gitops.serveFakeBackend();
    const store = createCheckpointStore();
    const input = { service: 'payments', image: 'ghcr.io/acme/payments' };

    await action.handler(
      createGitOpsActionContext({ input, checkpoint: store.checkpoint }),
    );
    const retry = createGitOpsActionContext({
      input,
      checkpoint: store.checkpoint,
    });
    await action.handler(retry);

    expect(backend.received).toHaveLength(1);
    expect(store.keys()).toEqual(['gitops.onboard-service.payments']);
    expect(outputsOf(retry).pullRequestNumber).toBe(41);
  });

  it('plans the folders and the ApplicationSet entry on a dry run and opens nothing', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: {
        service: 'payments',
        image: 'ghcr.io/acme/payments',
        environments: ['dev'],
      },
      isDryRun: true,
    });

    await action.handler(ctx);

    expect(backend.received.map(r => r.body.dryRun)).toEqual([true]);
    const files = outputsOf(ctx).files as Array<{ path: string }>;
    expect(files.map(f => f.path)).toEqual([
      'envs/dev/payments/values.yaml',
      'applicationsets/nonprod/services.yaml',
    ]);
    expect(outputsOf(ctx).state).toBe('dry-run');
  });

  it('refuses what the backend refuses the user', async () => {
    gitops.serveFakeBackend({ allowedUsers: [] });
    const ctx = createGitOpsActionContext({
      input: { service: 'payments', image: 'ghcr.io/acme/payments' },
      userRef: 'user:default/guest',
    });

    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  itRejectsBadInputWithoutCallingTheBackend(gitops, action, [
    [
      { service: 'Payments', image: 'ghcr.io/acme/payments' },
      /service 'Payments' is not a valid folder name/,
    ],
    [{ service: 'payments', image: '' }, /image must be an image repository/],
    [
      { service: 'payments', image: 'ghcr.io/acme/payments', environments: [] },
      /environments must be a non-empty list/,
    ],
    [
      {
        service: 'payments',
        image: 'ghcr.io/acme/payments',
        environments: ['dev', 'dev'],
      },
      /environments names 'dev' more than once/,
    ],
    [
      {
        service: 'payments',
        image: 'ghcr.io/acme/payments',
        environments: ['dev', '../prod'],
      },
      /environments\[1\] '\.\.\/prod' is not a valid folder name/,
    ],
    [
      {
        service: 'payments',
        image: 'ghcr.io/acme/payments',
        digest: 'sha256:123',
      },
      /digest 'sha256:123' is not an image digest/,
    ],
    [
      {
        service: 'payments',
        image: 'ghcr.io/acme/payments',
        format: 'jsonnet',
      },
      /format 'jsonnet' is not one of helm, kustomize/,
    ],
  ]);
});
