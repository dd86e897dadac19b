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
import { createGitOpsSetImageAction } from './setImage';

const DIGEST = `sha256:${'d'.repeat(64)}`;

describe('gitops:set-image', () => {
  const gitops = setupGitOpsBackendServer();

  const action = createGitOpsSetImageAction({ client: createTestClient() });

  it('opens the pull request that pins the digest', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: {
        service: 'gateway',
        environment: 'dev',
        digest: DIGEST,
        image: 'ghcr.io/acme/gateway',
      },
    });

    await action.handler(ctx);

    expect(backend.received).toEqual([
      {
        route: '/v1/pins',
        onBehalfOf: 'user:default/mock',
        body: {
          service: 'gateway',
          environment: 'dev',
          digest: DIGEST,
          image: 'ghcr.io/acme/gateway',
          dryRun: false,
        },
      },
    ]);
    expect(outputsOf(ctx)).toEqual({
      pullRequestUrl: 'http://localhost:7010/acme/gitops/pull/41',
      pullRequestNumber: 41,
      branch: 'gitops/pin-gateway-dev',
      digest: DIGEST,
      state: 'open',
      gates: [],
    });
  });

  it('does not open a second pull request when a task is retried', async () => {
    const backend = gitops.serveFakeBackend();
    const store = createCheckpointStore();
    const input = { service: 'gateway', environment: 'dev', digest: DIGEST };

    await action.handler(
      createGitOpsActionContext({ input, checkpoint: store.checkpoint }),
    );
    const retry = createGitOpsActionContext({
      input,
      checkpoint: store.checkpoint,
    });
    await action.handler(retry);

    expect(backend.received).toHaveLength(1);
    expect(store.keys()).toEqual([`gitops.set-image.gateway.dev.${DIGEST}`]);
    expect(outputsOf(retry).pullRequestUrl).toBe(
      'http://localhost:7010/acme/gitops/pull/41',
    );
  });

  it('plans on a dry run and opens nothing', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { service: 'gateway', environment: 'dev', digest: DIGEST },
      isDryRun: true,
    });

    await action.handler(ctx);

    expect(backend.received.map(r => r.body.dryRun)).toEqual([true]);
    expect(outputsOf(ctx)).toMatchObject({
      state: 'dry-run',
      digest: DIGEST,
      files: [
        {
          path: 'envs/dev/gateway/values.yaml',
          action: 'update',
          content: `image:\n  digest: ${DIGEST}\n`,
        },
      ],
    });
  });

  it('refuses what the backend refuses the user', async () => {
    gitops.serveFakeBackend({ allowedUsers: [] });
    const ctx = createGitOpsActionContext({
      input: { service: 'gateway', environment: 'prod', digest: DIGEST },
      userRef: 'user:default/guest',
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      `Could not pin ${DIGEST} for gateway in prod`,
    );
  });

  itRejectsBadInputWithoutCallingTheBackend(gitops, action, [
    [
      { service: '../gateway', environment: 'dev', digest: DIGEST },
      /service '\.\.\/gateway' is not a valid folder name/,
    ],
    [
      { service: 'gateway', environment: 'dev', digest: 'latest' },
      /digest 'latest' is not an image digest/,
    ],
    [
      {
        service: 'gateway',
        environment: 'dev',
        digest: DIGEST,
        image: 'ghcr.io/acme/gateway:1.4.2',
      },
      /carries a tag; pass the repository alone/,
    ],
    [
      {
        service: 'gateway',
        environment: 'dev',
        digest: DIGEST,
        image: `ghcr.io/acme/gateway@${DIGEST}`,
      },
      /carries a digest; pass the repository alone and the digest in 'digest'/,
    ],
    [
      {
        service: 'gateway',
        environment: 'dev',
        digest: DIGEST,
        image: 'ghcr.io/Acme/gateway',
      },
      /is not an image repository/,
    ],
  ]);
});
