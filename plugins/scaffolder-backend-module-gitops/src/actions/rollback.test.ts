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
import { createGitOpsRollbackAction } from './rollback';

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('gitops:rollback', () => {
  const gitops = setupGitOpsBackendServer();

  const action = createGitOpsRollbackAction({ client: createTestClient() });

  it('opens the rollback pull request to the previous digest by default', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', environment: 'prod' },
    });

    await action.handler(ctx);

    expect(backend.received).toEqual([
      {
        route: '/v1/rollbacks',
        onBehalfOf: 'user:default/mock',
        body: {
          entityRef: 'component:default/gateway',
          environment: 'prod',
          dryRun: false,
        },
      },
    ]);
    expect(outputsOf(ctx)).toMatchObject({
      pullRequestUrl: 'http://localhost:7010/acme/gitops/pull/41',
      pullRequestNumber: 41,
      branch: 'gitops/rollback-gateway-prod',
      digest: `sha256:${'b'.repeat(64)}`,
      state: 'open',
    });
  });

  it('rolls back to the digest it is given; an empty digest means the previous one', async () => {
    const backend = gitops.serveFakeBackend();

    await action.handler(
      createGitOpsActionContext({
        input: {
          entityRef: 'component:default/gateway',
          environment: 'staging',
          digest: DIGEST,
        },
      }),
    );
    await action.handler(
      createGitOpsActionContext({
        input: {
          entityRef: 'component:default/gateway',
          environment: 'dev',
          digest: '',
        },
      }),
    );

    expect(backend.received.map(r => r.body)).toEqual([
      {
        entityRef: 'component:default/gateway',
        environment: 'staging',
        digest: DIGEST,
        dryRun: false,
      },
      {
        entityRef: 'component:default/gateway',
        environment: 'dev',
        dryRun: false,
      },
    ]);
  });

  it('does not open a second pull request when a task is retried', async () => {
    const backend = gitops.serveFakeBackend();
    const store = createCheckpointStore();
    const input = {
      entityRef: 'component:default/gateway',
      environment: 'prod',
      digest: DIGEST,
    };

    await action.handler(
      createGitOpsActionContext({ input, checkpoint: store.checkpoint }),
    );
    const retry = createGitOpsActionContext({
      input,
      checkpoint: store.checkpoint,
    });
    await action.handler(retry);

    expect(backend.received).toHaveLength(1);
    expect(store.keys()).toEqual([
      `gitops.rollback.component:default/gateway.prod.${DIGEST}`,
    ]);
    expect(outputsOf(retry).pullRequestNumber).toBe(41);
  });

  it('plans on a dry run and opens nothing', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', environment: 'prod' },
      isDryRun: true,
    });

    await action.handler(ctx);

    expect(backend.received.map(r => r.body.dryRun)).toEqual([true]);
    expect(outputsOf(ctx)).toMatchObject({
      state: 'dry-run',
      branch: 'gitops/rollback-gateway-prod',
      files: [
        expect.objectContaining({ path: 'envs/prod/gateway/values.yaml' }),
      ],
    });
    expect(outputsOf(ctx).pullRequestUrl).toBeUndefined();
  });

  it('refuses what the backend refuses the user', async () => {
    gitops.serveFakeBackend({ allowedUsers: [] });
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', environment: 'prod' },
      userRef: 'user:default/guest',
    });

    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  itRejectsBadInputWithoutCallingTheBackend(gitops, action, [
    [
      { entityRef: 'component:default/gateway', environment: 'prod/..' },
      /environment 'prod\/\.\.' is not a valid folder name/,
    ],
    [
      {
        entityRef: 'component:default/gateway',
        environment: 'prod',
        digest: 'sha256:abc',
      },
      /digest 'sha256:abc' is not an image digest/,
    ],
    [
      {
        entityRef: 'component:default/gateway',
        environment: 'prod',
        digest: `sha256:${'A'.repeat(64)}`,
      },
      /is not an image digest: expected sha256: followed by 64 lowercase hex/,
    ],
    [
      { entityRef: 'a:b:c/d/e', environment: 'prod' },
      /entityRef 'a:b:c\/d\/e' is not an entity reference/,
    ],
  ]);
});
