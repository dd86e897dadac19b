import { test, expect } from '@playwright/test';

/*
 * Runs the "Promote a service" template from /create against the portal and the GitOps sandbox
 * (`yarn start`): the guest (a member of the team that owns gateway) promotes gateway to staging,
 * the scaffolder's gitops:promote action opens the pull request through the GitOps backend, and
 * the test follows the pull request link the task prints.
 */
const SANDBOX = process.env.GITOPS_SANDBOX_URL ?? 'http://localhost:7010';

test.beforeAll(async ({ request }) => {
  // Start from the seeded repository: dev ahead of staging, staging ahead of prod.
  const response = await request.post(`${SANDBOX}/admin/reset`, { data: {} });
  expect(response.ok()).toBe(true);
});

test.afterAll(async ({ request }) => {
  // Leave the seed for the tests that follow.
  await request.post(`${SANDBOX}/admin/reset`, { data: {} });
});

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
  await expect(page.getByText(`Pull request #${number} (open)`)).toBeVisible();
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
});
