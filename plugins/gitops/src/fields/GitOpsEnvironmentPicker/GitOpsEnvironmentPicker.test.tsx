import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  GITOPS_BASE,
  renderField,
  testConfig,
} from '../__testUtils__/renderField';
import { GitOpsEnvironmentPicker } from './GitOpsEnvironmentPicker';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const server = setupServer();
registerMswTestHooks(server);

async function openOptions() {
  await userEvent.click(await screen.findByRole('button'));
  const listbox = await screen.findByRole('listbox');
  return within(listbox)
    .getAllByRole('option')
    .map(option => option.textContent);
}

/** Renders the picker for an array parameter with dev already picked, and opens its options. */
async function openArrayPickerWithDevPicked() {
  server.use(
    http.get(`${GITOPS_BASE}/v1/config`, () => HttpResponse.json(testConfig)),
  );
  const { onChange } = await renderField(GitOpsEnvironmentPicker, {
    schema: { type: 'array', items: { type: 'string' } },
    formData: ['dev'],
  });
  await openOptions();
  return onChange;
}

describe('GitOpsEnvironmentPicker', () => {
  it('offers the configured environments and reports the choice', async () => {
    server.use(
      http.get(`${GITOPS_BASE}/v1/config`, () => HttpResponse.json(testConfig)),
    );
    const { onChange } = await renderField(GitOpsEnvironmentPicker, {
      schema: { title: 'Target environment' },
    });

    expect(await openOptions()).toEqual(['dev', 'staging', 'prod']);
    await userEvent.click(screen.getByRole('option', { name: 'staging' }));

    expect(onChange).toHaveBeenCalledWith('staging');
    expect(screen.getByText('Target environment')).toBeInTheDocument();
  });

  it('offers only what the picked entity can be promoted into', async () => {
    const statusRequests: string[] = [];
    server.use(
      http.get(`${GITOPS_BASE}/v1/config`, () => HttpResponse.json(testConfig)),
      http.get(
        `${GITOPS_BASE}/v1/entities/default/component/gateway/status`,
        ({ request }) => {
          statusRequests.push(request.url);
          return HttpResponse.json({
            entityRef: 'component:default/gateway',
            service: 'gateway',
            environments: [
              {
                name: 'dev',
                desired: { digest: B, commit: 'c3' },
                targets: [],
              },
              {
                name: 'staging',
                desired: { digest: A, commit: 'c2' },
                targets: [],
              },
              {
                name: 'prod',
                desired: { digest: A, commit: 'c1' },
                targets: [],
              },
            ],
            previews: [],
            errors: [],
          });
        },
      ),
    );
    await renderField(GitOpsEnvironmentPicker, {
      uiOptions: { promotionTargets: true },
      formValues: { entityRef: 'component:default/gateway' },
    });

    expect(await openOptions()).toEqual([
      `stagingfrom dev: ${'a'.repeat(12)} → ${'b'.repeat(12)}`,
    ]);
    expect(statusRequests).toHaveLength(1);
  });

  it('falls back to the promotion order when the status cannot be read', async () => {
    server.use(
      http.get(`${GITOPS_BASE}/v1/config`, () => HttpResponse.json(testConfig)),
      http.get(
        `${GITOPS_BASE}/v1/entities/default/component/gateway/status`,
        () =>
          HttpResponse.json(
            { error: { name: 'Error', message: 'boom' } },
            { status: 500 },
          ),
      ),
    );
    await renderField(GitOpsEnvironmentPicker, {
      uiOptions: { promotionTargets: true },
      formValues: { entityRef: 'component:default/gateway' },
    });

    expect(await openOptions()).toEqual([
      'stagingfrom dev',
      'prodfrom staging',
    ]);
  });

  it('returns a list for an array parameter', async () => {
    const onChange = await openArrayPickerWithDevPicked();
    await userEvent.click(screen.getByRole('option', { name: 'prod' }));

    expect(onChange).toHaveBeenLastCalledWith(['dev', 'prod']);
  });

  it('leaves an array parameter out when every environment is unpicked', async () => {
    const onChange = await openArrayPickerWithDevPicked();
    await userEvent.click(screen.getByRole('option', { name: 'dev' }));

    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('clears a choice that is no longer offered', async () => {
    server.use(
      http.get(`${GITOPS_BASE}/v1/config`, () => HttpResponse.json(testConfig)),
    );
    const { onChange } = await renderField(GitOpsEnvironmentPicker, {
      uiOptions: { allowedEnvironments: ['dev', 'staging'] },
      formData: 'prod',
    });

    await waitFor(() => expect(onChange).toHaveBeenCalledWith(undefined));
  });

  it('says why when the environments cannot be loaded', async () => {
    server.use(
      http.get(`${GITOPS_BASE}/v1/config`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderField(GitOpsEnvironmentPicker, {});

    expect(
      await screen.findByText(/Could not load the GitOps environments/),
    ).toHaveTextContent('Unauthorized');
  });
});
