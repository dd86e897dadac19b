import { test, expect, type Page } from '@playwright/test';

/*
 * The GitOps tab of `gateway` against the portal and the GitOps sandbox (`yarn start`): three
 * environments; promote dev → staging and merge the pull request in the sandbox, then watch
 * staging's canary step to Healthy without reloading; roll back prod; inject drift and read it
 * in the drawer. Screenshots of every step go to e2e-test-results/screenshots/.
 */

const SANDBOX = process.env.GITOPS_SANDBOX_URL ?? 'http://localhost:7010';
const SHOTS = 'e2e-test-results/screenshots';

async function admin(
  page: Page,
  path: string,
  data?: Record<string, unknown>,
): Promise<any> {
  const response = await page.request.post(`${SANDBOX}/admin${path}`, {
    data: data ?? {},
  });
  expect(response.ok(), `sandbox ${path}: ${response.status()}`).toBe(true);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  // Every run starts from the seeded repository: dev ahead of staging, staging ahead of prod.
  const response = await request.post(`${SANDBOX}/admin/reset`, { data: {} });
  expect(response.ok()).toBe(true);
});

test.afterAll(async ({ request }) => {
  // Leave the seed for the tests that follow.
  await request.post(`${SANDBOX}/admin/reset`, { data: {} });
});

test('gateway: environments, promote, live rollout, roll back, drift', async ({
  page,
}) => {
  test.setTimeout(300_000);

  await page.goto('/');
  // The guest session must exist before navigating, or the page asks to sign in again; a
  // backend that is still starting refuses the first attempts.
  await expect(async () => {
    const enter = page.getByRole('button', { name: 'Enter' });
    if (await enter.isVisible()) await enter.click();
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await page.goto('/catalog/default/component/gateway/gitops');

  // Three environments in promotion order.
  const environments = page.getByRole('region', { name: /^Environment / });
  await expect(environments).toHaveCount(3);
  await expect(environments.nth(0)).toHaveAttribute(
    'aria-label',
    'Environment dev',
  );
  await expect(environments.nth(1)).toHaveAttribute(
    'aria-label',
    'Environment staging',
  );
  await expect(environments.nth(2)).toHaveAttribute(
    'aria-label',
    'Environment prod',
  );
  const staging = page.getByRole('region', { name: 'Environment staging' });
  const stagingTarget = staging
    .getByRole('region', { name: /^Target / })
    .first();
  await expect(stagingTarget.getByLabel(/^Health: /)).toBeVisible();
  await expect(
    page.getByRole('status', { name: 'Updates: Live' }),
  ).toBeVisible();
  await shot(page, 'gitops-01-environments');

  // Promote dev → staging once the gates pass.
  const promote = page.getByRole('button', { name: 'Promote dev to staging' });
  await expect(promote).not.toHaveAttribute('aria-disabled', 'true', {
    timeout: 60_000,
  });
  await promote.click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('heading', { name: 'Promote dev → staging' }),
  ).toBeVisible();
  await expect(dialog.getByText('permission: passed')).toBeVisible();
  await shot(page, 'gitops-02-promote-dialog');
  await dialog.getByRole('button', { name: 'Promote to staging' }).click();
  const pullLink = dialog.getByRole('link', { name: /^#\d+/ });
  await expect(pullLink).toBeVisible({ timeout: 60_000 });
  const pullUrl = (await pullLink.getAttribute('href'))!;
  expect(pullUrl).toMatch(/\/acme\/gitops\/pull\/\d+$/);
  await shot(page, 'gitops-03-promote-pull-request');
  const pullNumber = Number(pullUrl.split('/').pop());
  const newDigest = (await dialog
    .getByLabel(/^Digest sha256:/)
    .getAttribute('aria-label'))!.replace('Digest ', '');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The page must follow the rollout without a reload: a marker on window survives only then.
  await page.evaluate(() => {
    (window as any).__gitopsNoReload = true;
  });
  await admin(page, `/pulls/${pullNumber}/merge`);

  // Staging's pin moves to the new digest, then its canary steps to Healthy.
  await expect(staging.getByLabel(`Pinned ${newDigest}`)).toBeVisible({
    timeout: 60_000,
  });
  // A canary step short of the last one shows up (the rollout is on its way)...
  await expect
    .poll(
      async () => {
        const step = /step (\d+) of (\d+)/.exec(
          await stagingTarget.innerText(),
        );
        return !!step && Number(step[1]) < Number(step[2]);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(
    stagingTarget.getByLabel(/^Rollout state: (Paused|Progressing)$/),
  ).toBeVisible({ timeout: 60_000 });
  await shot(page, 'gitops-04-staging-rollout-in-progress');
  await expect(stagingTarget.getByLabel('Rollout state: Complete')).toBeVisible(
    {
      timeout: 180_000,
    },
  );
  await expect(stagingTarget.getByLabel('Health: Healthy')).toBeVisible({
    timeout: 60_000,
  });
  await expect(stagingTarget.getByLabel(`Live ${newDigest}`)).toBeVisible();
  await expect(stagingTarget.getByText('not the pin')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__gitopsNoReload)).toBe(
    true,
  );
  await shot(page, 'gitops-05-staging-healthy');

  // Roll back prod to the previous pin.
  const prod = page.getByRole('region', { name: 'Environment prod' });
  await prod.getByRole('button', { name: 'Roll back prod' }).click();
  const rollback = page.getByRole('dialog');
  await expect(
    rollback.getByRole('table', { name: 'Pin history' }),
  ).toBeVisible();
  const confirm = rollback.getByRole('button', { name: /^Roll back to / });
  await expect(confirm).toBeEnabled({ timeout: 60_000 });
  await shot(page, 'gitops-06-rollback-dialog');
  await confirm.click();
  await expect(rollback.getByRole('link', { name: /^#\d+/ })).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'gitops-07-rollback-pull-request');
  await rollback.getByRole('button', { name: 'Close' }).click();

  // Drift on prod (no self-heal there): the count appears, the drawer shows the diff.
  await admin(page, '/drift', { application: 'gateway-prod', replicas: 7 });
  const driftButton = prod.getByRole('button', {
    name: /^Show \d+ drifted resources? of gateway-prod/,
  });
  await expect(driftButton).toBeVisible({ timeout: 60_000 });
  await driftButton.click();
  const drawer = page.getByRole('region', { name: 'Drift' });
  await expect(
    drawer.getByRole('heading', { name: 'Drift of gateway-prod' }),
  ).toBeVisible();
  await expect(drawer.getByText(/replicas: 7/).first()).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, 'gitops-08-drift-side-by-side');
  await drawer.getByRole('button', { name: 'Unified' }).click();
  await expect(drawer.getByText(/replicas: 7/).first()).toBeVisible();
  await shot(page, 'gitops-09-drift-unified');
});
