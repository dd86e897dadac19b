import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import {
  createGitOpsActionContext,
  outputsOf,
} from './__testUtils__/actionContext';
import {
  createCheckpointStore,
  createTestClient,
  GITOPS_BASE_URL,
} from './__testUtils__/fakeGitOpsBackend';
import { setupGitOpsBackendServer } from './__testUtils__/gitOpsBackendServer';
import { itRejectsBadInputWithoutCallingTheBackend } from './__testUtils__/itRejectsBadInput';
import { createGitOpsPromoteAction } from './promote';

describe('gitops:promote', () => {
  const gitops = setupGitOpsBackendServer();

  const action = createGitOpsPromoteAction({ client: createTestClient() });

  it('opens the promotion pull request as the template user and outputs it', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'staging' },
    });

    await action.handler(ctx);

    expect(backend.received).toEqual([
      {
        route: '/v1/promotions',
        onBehalfOf: 'user:default/mock',
        body: {
          entityRef: 'component:default/gateway',
          to: 'staging',
          dryRun: false,
        },
      },
    ]);
    expect(outputsOf(ctx)).toEqual({
      pullRequestUrl: 'http://localhost:7010/acme/gitops/pull/41',
      pullRequestNumber: 41,
      branch: 'gitops/promotion-gateway-staging',
      digest: `sha256:${'a'.repeat(64)}`,
      state: 'open',
      gates: [
        { name: 'source-healthy', passed: true, message: 'dev is Healthy' },
      ],
    });
  });

  it('normalises a bare entity name and passes an explicit source environment', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'gateway', from: 'dev', to: 'staging' },
    });

    await action.handler(ctx);

    expect(backend.received[0].body).toEqual({
      entityRef: 'component:default/gateway',
      from: 'dev',
      to: 'staging',
      dryRun: false,
    });
  });

  it('does not open a second pull request when a task is retried', async () => {
    const backend = gitops.serveFakeBackend();
    const store = createCheckpointStore();
    const input = { entityRef: 'component:default/gateway', to: 'staging' };

    const first = createGitOpsActionContext({
      input,
      checkpoint: store.checkpoint,
    });
    await action.handler(first);
    const retry = createGitOpsActionContext({
      input,
      checkpoint: store.checkpoint,
    });
    await action.handler(retry);

    expect(backend.received).toHaveLength(1);
    expect(store.keys()).toEqual([
      'gitops.promote.component:default/gateway.staging',
    ]);
    expect(outputsOf(retry)).toEqual(outputsOf(first));
    expect(outputsOf(retry).pullRequestNumber).toBe(41);
  });

  it('plans on a dry run and opens nothing', async () => {
    const backend = gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'staging' },
      isDryRun: true,
    });

    await action.handler(ctx);

    expect(backend.received.map(r => r.body.dryRun)).toEqual([true]);
    const outputs = outputsOf(ctx);
    expect(outputs.state).toBe('dry-run');
    expect(outputs.pullRequestUrl).toBeUndefined();
    expect(outputs.files).toEqual([
      {
        path: 'envs/staging/gateway/values.yaml',
        action: 'update',
        content: `image:\n  digest: sha256:${'a'.repeat(64)}\n`,
      },
    ]);
  });

  it('refuses what the backend refuses the user, without outputs', async () => {
    const backend = gitops.serveFakeBackend({
      allowedUsers: ['user:default/rita'],
    });
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'prod' },
      userRef: 'user:default/guest',
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Could not promote component:default\/gateway to prod: user:default\/guest may not/,
    );
    expect(backend.received[0].onBehalfOf).toBe('user:default/guest');
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('reports failed gates as a conflict naming them', async () => {
    gitops.serveFakeBackend({
      gates: [
        { name: 'source-healthy', passed: true, message: 'dev is Healthy' },
        {
          name: 'sync-window',
          passed: false,
          message: 'prod is in a deny sync window',
        },
      ],
    });
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'prod' },
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'failed gates: sync-window: prod is in a deny sync window',
    );
    expect(error.message).not.toContain('source-healthy');
  });

  it('does not repeat gates the backend message already names', async () => {
    gitops.server.use(
      http.post(`${GITOPS_BASE_URL}/v1/promotions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Refused by gate sync-window (prod is frozen)',
            },
            request: { method: 'POST', url: '/api/gitops/v1/promotions' },
            response: { statusCode: 409 },
            gates: [
              { name: 'sync-window', passed: false, message: 'prod is frozen' },
            ],
          },
          { status: 409 },
        ),
      ),
    );
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'prod' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      new ConflictError(
        'Could not promote component:default/gateway to prod: Refused by gate sync-window (prod is frozen)',
      ),
    );
  });

  it('turns an unknown entity into bad input', async () => {
    gitops.serveFakeBackend();
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/nope', to: 'staging' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      new InputError(
        'Could not promote component:default/nope to staging: Entity component:default/nope not found',
      ),
    );
  });

  itRejectsBadInputWithoutCallingTheBackend(gitops, action, [
    [{ entityRef: '', to: 'staging' }, /entityRef must be an entity reference/],
    [
      { entityRef: 'component:default/gateway', to: '../prod' },
      /to '\.\.\/prod' is not a valid folder name/,
    ],
    [
      { entityRef: 'component:default/gateway', to: 'Staging' },
      /to 'Staging' is not a valid folder name/,
    ],
    [
      { entityRef: 'component:default/gateway', from: 'dev', to: 'dev' },
      /from and to are both 'dev'/,
    ],
  ]);

  it('says so when the backend cannot be reached', async () => {
    gitops.server.use(
      http.post(`${GITOPS_BASE_URL}/v1/promotions`, () => HttpResponse.error()),
    );
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'staging' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /^Could not promote component:default\/gateway to staging: the GitOps backend could not be reached/,
    );
  });

  it('says so when a proxy answers something that is not JSON', async () => {
    gitops.server.use(
      http.post(
        `${GITOPS_BASE_URL}/v1/promotions`,
        () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 }),
      ),
    );
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'staging' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not promote component:default/gateway to staging: the GitOps backend answered something that is not JSON',
    );
  });

  it('fails with the record message when the backend recorded a failed change', async () => {
    const store = createCheckpointStore();
    gitops.server.use(
      http.post(`${GITOPS_BASE_URL}/v1/promotions`, () =>
        HttpResponse.json(
          {
            id: 'change-1',
            type: 'promotion',
            entityRef: 'component:default/gateway',
            service: 'gateway',
            from: 'dev',
            to: 'staging',
            digest: `sha256:${'a'.repeat(64)}`,
            previousDigest: null,
            state: 'failed',
            pullRequest: null,
            createdBy: 'user:default/mock',
            createdAt: '2026-11-21T10:00:00.000Z',
            updatedAt: '2026-11-21T10:00:00.000Z',
            mergedAt: null,
            deployedAt: null,
            gates: [],
            message: 'the GitOps repository refused the branch',
          },
          { status: 201 },
        ),
      ),
    );
    const ctx = createGitOpsActionContext({
      input: { entityRef: 'component:default/gateway', to: 'staging' },
      checkpoint: store.checkpoint,
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not promote component:default/gateway to staging: the GitOps repository refused the branch',
    );
    // A failure is not checkpointed, so a retry asks again.
    expect(store.keys()).toEqual([]);
  });
});
