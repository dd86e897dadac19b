import { test, expect, type APIRequestContext } from '@playwright/test';

/*
 * Runs the "Promote a service" template from /create against the portal and the GitOps sandbox
 * (`yarn start`): the guest (a member of the team that owns gateway) promotes gateway to staging,
 * the scaffolder's gitops:promote action opens the pull request through the GitOps backend, and
 * the test follows the pull request link the task prints.
 */
const SANDBOX = process.env.GITOPS_SANDBOX_URL ?? 'http://localhost:7010';
const BACKEND = process.env.GITOPS_BACKEND_URL ?? 'http://localhost:7007';

test.beforeAll(async ({ request }) => {
  // Start from the seeded repository: dev ahead of staging, staging ahead of prod.
  const response = await request.post(`${SANDBOX}/admin/reset`, { data: {} });
  expect(response.ok()).toBe(true);
});

/**
 * Closes the pull request in the sandbox and waits until the GitOps backend has recorded it as
 * closed, so no open change outlives this test (a later sandbox reset would orphan it).
 */
async function closePullRequest(request: APIRequestContext, number: string) {
  const closed = await request.post(`${SANDBOX}/admin/pulls/${number}/close`, {
    data: {},
  });
  expect(closed.ok()).toBe(true);
  const identity = await request.get(
    `${BACKEND}/api/auth/guest/refresh?env=development`,
  );
  const { token } = (await identity.json()).backstageIdentity;
  await expect
    .poll(
      async () => {
        const response = await request.get(
          `${BACKEND}/api/gitops/v1/promotions?entityRef=${encodeURIComponent(
            'component:default/gateway',
          )}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const { items } = await response.json();
        return items.find((r: any) => String(r.pullRequest?.number) === number)
          ?.state;
      },
      { timeout: 90_000, intervals: [2_000, 5_000] },
    )
    .toBe('closed');
}

test('the "Promote a service" template opens a promotion pull request', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Create' })).toBeVisible();

  await page.goto('/create');
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Promote a service', { exact: true }) });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Choose' }).click();

  // The EntityPicker offers only components with the gitops/service annotation.
  const service = page.locator('#root_entityRef');
  await service.click();
  await service.fill('gateway');
  await page
    .getByRole('option', { name: /gateway/ })
    .first()
    .click();

  // GitOpsEnvironmentPicker, limited to environments gateway can be promoted into.
  await page.locator('#root_to').click();
  const staging = page.getByRole('option', { name: /^staging/ });
  await expect(staging).toBeVisible();
  await expect(page.getByRole('option', { name: /^dev/ })).toHaveCount(0);
  await staging.click();

  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page prints the pull request link once gitops:promote has run.
  const pullRequestLink = page.getByRole('link', {
    name: /Promotion pull request/,
  });
  await expect(pullRequestLink).toBeVisible({ timeout: 60_000 });
  const href = await pullRequestLink.getAttribute('href');
  expect(href).toMatch(/\/acme\/gitops\/pull\/\d+$/);
  await page.screenshot({
    path: 'e2e-test-results/screenshots/scaffolder-promote-task.png',
    fullPage: true,
  });

  // Follow it: the sandbox's pull request page shows the change to staging's gateway folder.
  const number = href!.split('/').pop();
  await expect(
    page.getByText(`Pull request #${number} (open) pins`),
  ).toBeVisible();
  await page.goto(href!);
  await expect(
    page.getByRole('heading', { name: /Promote gateway to staging/ }),
  ).toContainText(`#${number}`);
  await expect(
    page.getByText('+++ b/envs/staging/gateway/values.yaml').first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-results/screenshots/scaffolder-promote-pull-request.png',
    fullPage: true,
  });

  await closePullRequest(page.request, number!);
});
