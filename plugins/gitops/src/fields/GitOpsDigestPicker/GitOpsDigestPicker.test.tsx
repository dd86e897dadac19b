import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITOPS_BASE, renderField } from '../__testUtils__/renderField';
import { GitOpsDigestPicker } from './GitOpsDigestPicker';
import { gitOpsDigestPickerValidation } from './validation';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const server = setupServer();
registerMswTestHooks(server);

function historyItem(digest: string, committedAt: string, number: number) {
  return {
    environment: 'prod',
    digest,
    commit: `c${number}`,
    author: 'rita',
    committedAt,
    message: `Promote gateway to prod (#${number})`,
    pullRequest: {
      number,
      url: `http://localhost:7010/acme/gitops/pull/${number}`,
    },
  };
}

describe('GitOpsDigestPicker', () => {
  it('lists the digests of the picked environment and reports the choice', async () => {
    const requested: string[] = [];
    server.use(
      http.get(
        `${GITOPS_BASE}/v1/entities/default/component/gateway/history`,
        ({ request }) => {
          requested.push(new URL(request.url).searchParams.get('environment')!);
          return HttpResponse.json({
            items: [
              historyItem(A, '2026-11-21T10:00:00Z', 9),
              historyItem(B, '2026-11-20T10:00:00Z', 8),
            ],
            nextCursor: null,
          });
        },
      ),
    );
    const { onChange } = await renderField(GitOpsDigestPicker, {
      formValues: {
        entityRef: 'component:default/gateway',
        environment: 'prod',
      },
    });

    await userEvent.click(await screen.findByRole('button'));
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => o.textContent)).toEqual([
      `${'a'.repeat(12)} (current)pinned 2026-11-21 10:00 by rita in #9`,
      `${'b'.repeat(12)}pinned 2026-11-20 10:00 by rita in #8`,
    ]);
    await userEvent.click(options[1]);

    expect(onChange).toHaveBeenCalledWith(B);
    expect(requested).toEqual(['prod']);
  });

  it('leaves out the current digest for a rollback, reading the configured fields', async () => {
    server.use(
      http.get(
        `${GITOPS_BASE}/v1/entities/default/component/ledger/history`,
        () =>
          HttpResponse.json({
            items: [historyItem(A, '2026-11-21T10:00:00Z', 9)],
            nextCursor: null,
          }),
      ),
    );
    await renderField(GitOpsDigestPicker, {
      uiOptions: {
        excludeCurrent: true,
        entityRefField: 'service',
        environmentField: 'target',
      },
      formValues: { service: 'component:default/ledger', target: 'staging' },
    });

    expect(
      await screen.findByText(
        'staging has pinned no other digest to go back to',
      ),
    ).toBeInTheDocument();
  });

  it('waits for the entity and the environment before asking', async () => {
    const requests = jest.fn();
    server.use(
      http.get(`${GITOPS_BASE}/*`, () => {
        requests();
        return HttpResponse.json({});
      }),
    );
    await renderField(GitOpsDigestPicker, {
      formValues: { entityRef: 'component:default/gateway' },
    });

    expect(
      screen.getByText('Pick the entity and the environment first'),
    ).toBeInTheDocument();
    expect(requests).not.toHaveBeenCalled();
  });

  it('says why when the history cannot be loaded', async () => {
    server.use(
      http.get(
        `${GITOPS_BASE}/v1/entities/default/component/gateway/history`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message: 'Entity component:default/gateway not found',
              },
              response: { statusCode: 404 },
            },
            { status: 404 },
          ),
      ),
    );
    await renderField(GitOpsDigestPicker, {
      formValues: {
        entityRef: 'component:default/gateway',
        environment: 'dev',
      },
    });

    expect(
      await screen.findByText(/Could not load the pin history of dev/),
    ).toHaveTextContent('not found');
  });
});

describe('gitOpsDigestPickerValidation', () => {
  it('accepts a digest and refuses anything else', () => {
    const addError = jest.fn();
    const validation = { addError } as any;
    const context = {} as any;

    gitOpsDigestPickerValidation(A, validation, context);
    expect(addError).not.toHaveBeenCalled();

    gitOpsDigestPickerValidation('latest', validation, context);
    expect(addError).toHaveBeenCalledWith(
      "'latest' is not an image digest: expected sha256: followed by 64 lowercase hex characters",
    );
  });
});
